import {
  buildListBody,
  gridParam,
  ixcList,
  IXC_OPERATORS,
  serializeGridParam,
  toIxcDate,
} from './grid-param.builder';

describe('grid_param builder', () => {
  it('has a method for every official operator, all values as strings', () => {
    const grid = gridParam()
      .eq('fn_areceber.liberado', 'S')
      .ne('fn_areceber.status', 'C')
      .gt('fn_areceber.id', 10)
      .lt('fn_areceber.id', 20)
      .gte('fn_areceber.data_vencimento', '01/02/2024')
      .lte('fn_areceber.valor', 99.5)
      .like('cliente.razao', 'Silva')
      .notLike('cliente.razao', 'Teste')
      .in('fn_areceber.status', ['P', 'A'])
      .notIn('cliente_contrato.id', [13, 15])
      .between('fn_areceber.valor', '10', 20)
      .notBetween('fn_areceber.id', 1, '5')
      .build();

    expect(grid.map((filter) => filter.OP)).toEqual([...IXC_OPERATORS]);
    expect(grid[2]).toEqual({ TB: 'fn_areceber.id', OP: '>', P: '10' });
    expect(grid[5]).toEqual({ TB: 'fn_areceber.valor', OP: '<=', P: '99.5' });
    expect(grid[8]).toEqual({ TB: 'fn_areceber.status', OP: 'IN', P: 'P,A' });
    expect(grid[9]).toEqual({ TB: 'cliente_contrato.id', OP: 'NI', P: '13,15' });
    expect(grid[10]).toEqual({ TB: 'fn_areceber.valor', OP: 'BE', P: '10', P2: '20' });
    expect(grid[11]).toEqual({ TB: 'fn_areceber.id', OP: 'NBE', P: '1', P2: '5' });
    for (const filter of grid) {
      for (const value of Object.values(filter)) expect(typeof value).toBe('string');
      if (filter.OP !== 'BE' && filter.OP !== 'NBE') expect(filter).not.toHaveProperty('P2');
    }
  });

  it('serialises to the JSON string IXC expects inside the body', () => {
    const grid = gridParam().eq('fn_areceber.liberado', 'S').between('fn_areceber.id', 1, 2).build();
    expect(serializeGridParam(grid)).toBe(
      '[{"TB":"fn_areceber.liberado","OP":"=","P":"S"},{"TB":"fn_areceber.id","OP":"BE","P":"1","P2":"2"}]',
    );
  });

  it('sends IN lists unquoted and refuses empty lists, empty values and embedded commas', () => {
    expect(ixcList(['1', 2, ' 3 '])).toBe('1,2,3');
    expect(() => ixcList([])).toThrow(/at least one/);
    expect(() => ixcList(['1', ''])).toThrow(/Invalid IXC list value/);
    expect(() => ixcList(['1,2'])).toThrow(/Invalid IXC list value/);
  });

  it('refuses fields that are not tabela.campo and numbers that are not finite', () => {
    expect(() => gridParam().eq('status', 'A')).toThrow(/tabela\.campo/);
    expect(() => gridParam().eq('cliente.id; drop', 'A')).toThrow(/tabela\.campo/);
    expect(() => gridParam().gt('cliente.id', Number.NaN)).toThrow(/Cannot send/);
  });

  it('returns a copy, so building twice or adding later does not alias', () => {
    const builder = gridParam().eq('cliente.ativo', 'S');
    const first = builder.build();
    builder.eq('cliente.id', 1);
    expect(first).toHaveLength(1);
    expect(builder.build()).toHaveLength(2);
  });
});

describe('list body', () => {
  it('defaults to the documented "no primary filter" form, id ascending, 1000 rows', () => {
    expect(buildListBody('cliente', {}, 1)).toEqual({
      qtype: 'cliente.id',
      query: '',
      oper: '=',
      page: '1',
      rp: '1000',
      sortname: 'cliente.id',
      sortorder: 'asc',
    });
  });

  it('puts the primary filter in qtype and the rest in grid_param, every value a string', () => {
    const body = buildListBody(
      'fn_areceber',
      {
        qtype: 'fn_areceber.id_cliente',
        query: 2,
        oper: '=',
        grid: gridParam().eq('fn_areceber.liberado', 'S').in('fn_areceber.status', ['P', 'A']),
        sortname: 'fn_areceber.data_vencimento',
        sortorder: 'desc',
        rp: 20,
      },
      3,
    );
    expect(body).toEqual({
      qtype: 'fn_areceber.id_cliente',
      query: '2',
      oper: '=',
      page: '3',
      rp: '20',
      sortname: 'fn_areceber.data_vencimento',
      sortorder: 'desc',
      grid_param:
        '[{"TB":"fn_areceber.liberado","OP":"=","P":"S"},{"TB":"fn_areceber.status","OP":"IN","P":"P,A"}]',
    });
    for (const value of Object.values(body)) expect(typeof value).toBe('string');
  });

  it('accepts a built grid and omits an empty one', () => {
    const grid = gridParam().gt('cliente.id', 5).build();
    expect(buildListBody('cliente', { grid }, 1).grid_param).toBe('[{"TB":"cliente.id","OP":">","P":"5"}]');
    expect(buildListBody('cliente', { grid: [] }, 1)).not.toHaveProperty('grid_param');
  });

  it('validates IN in the primary filter, the table, rp and page', () => {
    expect(buildListBody('cliente', { oper: 'IN', query: '1, 2' }, 1).query).toBe('1,2');
    expect(() => buildListBody('cliente', { oper: 'IN', query: '' }, 1)).toThrow();
    expect(() => buildListBody('cliente/1', {}, 1)).toThrow(/table/);
    expect(() => buildListBody('cliente', { rp: 0 }, 1)).toThrow(/rp/);
    expect(() => buildListBody('cliente', {}, 0)).toThrow(/page/);
  });
});

describe('toIxcDate', () => {
  it('formats YYYY-MM-DD as dd/mm/yyyy and refuses impossible dates', () => {
    expect(toIxcDate('2024-02-29')).toBe('29/02/2024');
    expect(() => toIxcDate('2023-02-29')).toThrow(/YYYY-MM-DD/);
    expect(() => toIxcDate('29/02/2024')).toThrow(/YYYY-MM-DD/);
  });

  it('formats an instant as the calendar date in the given time zone', () => {
    const evening = new Date('2024-03-01T01:30:00Z'); // 22:30 on 29 Feb in São Paulo (UTC-3)
    expect(toIxcDate(evening)).toBe('29/02/2024');
    expect(toIxcDate(evening, 'UTC')).toBe('01/03/2024');
    expect(toIxcDate(evening, 'America/Manaus')).toBe('29/02/2024');
    expect(() => toIxcDate(evening, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => toIxcDate(new Date(Number.NaN))).toThrow(/invalid Date/);
  });
});

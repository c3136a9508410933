import { SimulatorControl } from '../host/simulator-control';
import { SimulatorHost } from '../host/simulator-host';
import { IXC_HTML_ERROR } from './ixc-errors';
import { IXC_DEMO_CREDENTIALS, type IxcData } from './ixc-state';
import { basicAuth, IxcWire, type IxcPage } from './ixc-wire.test-client';
import { ixcSimulator } from './ixc.simulator';

/** Small data, anchored in the past so that anything changed "now" is newer than every seeded row. */
const SMALL = { customers: 60, contracts: 80, receivables: 800, today: '2025-06-15' };
const json = <T>(text: string): T => JSON.parse(text) as T;
const grid = (...filters: Record<string, string>[]) => JSON.stringify(filters);
/** The IXC server's date today, as filters write it (`dd/mm/yyyy`). */
const serverToday = () =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Sao_Paulo' }).format(new Date());

describe('IXC simulator — wire format and quirks (integrations.md §1)', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let wire: IxcWire;

  beforeAll(async () => {
    host = await SimulatorHost.start([ixcSimulator], { seed: 3, settings: { ixc: SMALL } });
    control = new SimulatorControl(host.controlUrlOf('ixc'));
    wire = new IxcWire(`${host.urlOf('ixc')}/webservice/v1`);
  });
  afterAll(() => host.stop());
  beforeEach(() => control.reset());

  const ids = (page: IxcPage) => (page.registros ?? []).map((row) => Number(row.id));
  const all = (table: string, filters: Record<string, string>[] = []) =>
    wire.page(table, {
      qtype: `${table}.id`,
      query: '',
      oper: '=',
      rp: '100000',
      grid_param: grid(...filters),
    });

  it('answers a GET without `ixcsoft: listar` with 404, and lists with it', async () => {
    const body = { qtype: 'cliente.id', query: '1', oper: '=' };
    expect((await wire.listGet('cliente', body, {})).status).toBe(404);
    const listed = await wire.listGet('cliente', body);
    expect(listed.status).toBe(200);
    expect(json<IxcPage>(listed.text).registros?.map((row) => row.id)).toEqual(['1']);
    // Without the header a POST is an insert: the list body lacks the required fields.
    expect(json((await wire.insert('cliente', body)).text)).toEqual({
      type: 'error',
      message: 'O campo razao é obrigatório!<br />',
    });
  });

  it('wants HTTP Basic `<user id>:<token>`: 401 when missing or wrong, 400 for another scheme', async () => {
    const body = { qtype: 'cliente.id', query: '1', oper: '=' };
    const answer = (authorization: string | null) =>
      wire.withAuthorization(authorization).listPost('cliente', body);
    const missing = await answer(null);
    expect(missing.status).toBe(401);
    expect(missing.contentType).toMatch(/text\/html/);
    expect((await answer(basicAuth(IXC_DEMO_CREDENTIALS.user, 'wrong'))).status).toBe(401);
    expect((await answer(basicAuth('2', IXC_DEMO_CREDENTIALS.token))).status).toBe(401);
    expect((await answer(`Bearer ${IXC_DEMO_CREDENTIALS.token}`)).status).toBe(400);
    expect((await answer(basicAuth())).status).toBe(200);
  });

  it('serves the same page to the official GET-with-body and to POST', async () => {
    const body = {
      qtype: 'fn_areceber.id_cliente',
      query: '3',
      oper: '=',
      page: '1',
      rp: '5',
      sortname: 'fn_areceber.data_vencimento',
      sortorder: 'asc',
      grid_param: grid({ TB: 'fn_areceber.liberado', OP: '=', P: 'S' }),
    };
    const viaGet = await wire.listGet('fn_areceber', body);
    const viaPost = await wire.listPost('fn_areceber', body);
    expect(viaGet.status).toBe(200);
    expect(viaGet.text).toBe(viaPost.text);
    expect(json<IxcPage>(viaGet.text).registros?.length).toBe(5);
  });

  it('prints total as a number for cliente and a string elsewhere, every value a string, no projection', async () => {
    const customers = await wire.page('cliente', { qtype: 'cliente.id', query: '', oper: '=', rp: '3' });
    expect(customers).toMatchObject({ page: '1', total: SMALL.customers });
    for (const table of ['cliente_contrato', 'fn_areceber', 'su_oss_chamado']) {
      const page = await wire.page(table, { qtype: `${table}.id`, query: '', oper: '=', rp: '3' });
      expect(typeof page.total).toBe('string');
    }
    const receivables = await wire.page('fn_areceber', {
      qtype: 'fn_areceber.id',
      query: '',
      oper: '=',
      rp: '50',
    });
    expect(receivables.total).toBe(String(SMALL.receivables));
    for (const row of [...customers.registros!, ...receivables.registros!]) {
      for (const value of Object.values(row)) expect(typeof value).toBe('string');
    }
    // Secrets come back in plain text: there is no projection.
    expect(customers.registros![0].senha).toMatch(/^\w{7}$/);
    expect(Object.keys(receivables.registros![0])).toEqual(
      expect.arrayContaining([
        'valor',
        'valor_aberto',
        'data_vencimento',
        'pagamento_data',
        'ultima_atualizacao',
      ]),
    );
    const row = receivables.registros![0];
    expect(row.valor).toMatch(/^\d+\.\d{2}$/);
    expect(row.data_vencimento).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.ultima_atualizacao).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(receivables.registros!.some((r) => r.pagamento_data === '0000-00-00')).toBe(true);
  });

  it('answers an unknown table with HTTP 200 `type:error` "Recurso … não está disponível!"', async () => {
    for (const answer of [
      await wire.listPost('rad', { qtype: 'rad.id', query: '', oper: '=' }),
      await wire.listGet('rad', { qtype: 'rad.id', query: '', oper: '=' }),
      await wire.insert('rad', { x: '1' }),
      await wire.put('rad', '1', { x: '1' }),
    ]) {
      expect(answer.status).toBe(200);
      expect(json(answer.text)).toEqual({ type: 'error', message: 'Recurso rad não está disponível!' });
    }
  });

  it('answers malformed requests with the red HTML div and HTTP 200', async () => {
    const base = { qtype: 'fn_areceber.id', query: '', oper: '=' };
    const malformed: unknown[] = [
      { ...base, qtype: 'fn_areceber.nao_existe', query: '1' },
      { ...base, qtype: 'cliente.id', query: '1' },
      { ...base, sortname: 'fn_areceber.nao_existe' },
      { ...base, grid_param: grid({ TB: 'fn_areceber.nao_existe', OP: '=', P: '1' }) },
      { ...base, grid_param: '[{"TB":"fn_areceber.status",' },
      { ...base, grid_param: [{ TB: 'fn_areceber.status', OP: '=', P: 'A' }] },
      { ...base, grid_param: grid({ TB: 'fn_areceber.status', OP: 'LIKE', P: 'A' }) },
      { ...base, grid_param: grid({ TB: 'fn_areceber.id', OP: 'IN', P: '' }) },
      { ...base, page: 'dois' },
      { ...base, rp: '0' },
      'qtype=fn_areceber.id&query=1',
      '[1,2]',
    ];
    for (const body of malformed) {
      const answer = await wire.listPost('fn_areceber', body);
      expect({ body, status: answer.status, text: answer.text }).toEqual({
        body,
        status: 200,
        text: IXC_HTML_ERROR,
      });
      expect(answer.contentType).toMatch(/^text\/html/);
    }
    expect(IXC_HTML_ERROR).toMatch(
      /^<div style="[^"]*background:#FF0000[^"]*">Ocorreu um erro ao processar\. Contate o suporte IXC Soft\.<\/div>$/,
    );
  });

  it('takes the GE/LE aliases on most tables but answers them with the HTML error on su_ticket', async () => {
    const since = { TB: 'fn_areceber.data_vencimento', P: '2025-03-01' };
    const withGe = await all('fn_areceber', [{ ...since, OP: 'GE' }]);
    const withOperator = await all('fn_areceber', [{ ...since, OP: '>=' }]);
    expect(ids(withGe)).toEqual(ids(withOperator));
    expect(Number(withGe.total)).toBeGreaterThan(0);

    await wire.insert('su_ticket', { id_cliente: '1', id_assunto: '2', titulo: 'Fatura em atraso' });
    const ticketGrid = (op: string) => ({
      qtype: 'su_ticket.id',
      query: '',
      oper: '=',
      grid_param: grid({ TB: 'su_ticket.data_criacao', OP: op, P: '01/01/2020' }),
    });
    expect((await wire.listPost('su_ticket', ticketGrid('GE'))).text).toBe(IXC_HTML_ERROR);
    expect((await wire.listPost('su_ticket', ticketGrid('LE'))).text).toBe(IXC_HTML_ERROR);
    expect(json<IxcPage>((await wire.listPost('su_ticket', ticketGrid('>='))).text).total).toBe('1');
  });

  it('matches every 0000-00-00 with BE on a date column (quirk), unlike >= and <=', async () => {
    const range = { TB: 'fn_areceber.pagamento_data', P: '01/01/2025', P2: '31/03/2025' };
    const between = await all('fn_areceber', [{ ...range, OP: 'BE' }]);
    const rows = between.registros!;
    const zeros = rows.filter((row) => row.pagamento_data === '0000-00-00');
    expect(zeros.length).toBeGreaterThan(0);
    expect(
      rows
        .filter((row) => row.pagamento_data !== '0000-00-00')
        .every((row) => row.pagamento_data >= '2025-01-01' && row.pagamento_data <= '2025-03-31'),
    ).toBe(true);
    const bounded = await all('fn_areceber', [
      { TB: 'fn_areceber.pagamento_data', OP: '>=', P: '01/01/2025' },
      { TB: 'fn_areceber.pagamento_data', OP: '<=', P: '31/03/2025' },
    ]);
    expect(Number(bounded.total)).toBe(rows.length - zeros.length);
    const outside = await all('fn_areceber', [{ ...range, OP: 'NBE' }]);
    expect(Number(outside.total) + Number(bounded.total)).toBe(SMALL.receivables);
  });

  it('filters with IN/NI from an unquoted or a quoted comma list', async () => {
    const inList = await all('cliente_contrato', [{ TB: 'cliente_contrato.id', OP: 'IN', P: '3,5,8' }]);
    expect(ids(inList)).toEqual([3, 5, 8]);
    const quoted = await all('cliente_contrato', [
      { TB: 'cliente_contrato.status_internet', OP: 'IN', P: "'CA','CM'" },
    ]);
    const unquoted = await all('cliente_contrato', [
      { TB: 'cliente_contrato.status_internet', OP: 'IN', P: 'CA,CM' },
    ]);
    expect(ids(quoted)).toEqual(ids(unquoted));
    expect(quoted.registros!.every((row) => ['CA', 'CM'].includes(row.status_internet))).toBe(true);
    const notIn = await all('cliente_contrato', [
      { TB: 'cliente_contrato.status_internet', OP: 'NI', P: 'CA,CM' },
    ]);
    expect(Number(notIn.total) + Number(quoted.total)).toBe(SMALL.contracts);
    // The primary filter takes the same operators.
    const primary = await wire.page('cliente_contrato', {
      qtype: 'cliente_contrato.id',
      query: '3,5,8',
      oper: 'IN',
    });
    expect(ids(primary)).toEqual([3, 5, 8]);
  });

  it('filters with L as a case-insensitive contains (SQL LIKE) and NL as its negation', async () => {
    const { registros } = await all('cliente');
    const name = registros![4].razao;
    const fragment = name.slice(2, 7).toUpperCase();
    const like = await wire.page('cliente', {
      qtype: 'cliente.razao',
      query: fragment,
      oper: 'L',
      rp: '1000',
    });
    expect(ids(like)).toContain(5);
    expect(like.registros!.every((row) => row.razao.toUpperCase().includes(fragment))).toBe(true);
    const notLike = await wire.page('cliente', {
      qtype: 'cliente.razao',
      query: fragment,
      oper: 'NL',
      rp: '1000',
    });
    expect(Number(like.total) + Number(notLike.total)).toBe(SMALL.customers);
    // Searching a CPF by its digits with L, as integrators do, needs the mask: the value is stored masked.
    const cpf = registros!.find((row) => row.tipo_pessoa === 'F')!.cnpj_cpf;
    expect(cpf).toMatch(/^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
    const byMask = await wire.page('cliente', { qtype: 'cliente.cnpj_cpf', query: cpf, oper: '=' });
    expect(byMask.registros![0].cnpj_cpf).toBe(cpf);
  });

  it('reads dd/mm/yyyy and ISO dates (with or without time) in filters, and prints ISO dates', async () => {
    const byFormat = await Promise.all(
      ['15/03/2025', '2025-03-15', '15/03/2025 00:00:00', '2025-03-15 00:00:00'].map((P) =>
        all('fn_areceber', [{ TB: 'fn_areceber.data_vencimento', OP: '>=', P }]),
      ),
    );
    expect(new Set(byFormat.map((page) => page.total)).size).toBe(1);
    expect(byFormat[0].registros!.every((row) => row.data_vencimento >= '2025-03-15')).toBe(true);
    // Datetime columns compare chronologically down to the second.
    const { registros } = await all('fn_areceber');
    const stamp = registros![10].ultima_atualizacao;
    const [date, time] = stamp.split(' ');
    const brazilian = `${date.split('-').reverse().join('/')} ${time}`;
    const after = await all('fn_areceber', [
      { TB: 'fn_areceber.ultima_atualizacao', OP: '>=', P: brazilian },
    ]);
    expect(after.registros!.every((row) => row.ultima_atualizacao >= stamp)).toBe(true);
    expect(ids(after)).toContain(11);
    const strictlyAfter = await all('fn_areceber', [
      { TB: 'fn_areceber.ultima_atualizacao', OP: '>', P: stamp },
    ]);
    expect(ids(strictlyAfter)).not.toContain(11);
  });

  it('compares ids and money as numbers, not text', async () => {
    const above = await all('fn_areceber', [{ TB: 'fn_areceber.id', OP: '>', P: '99' }]);
    expect(Number(above.total)).toBe(SMALL.receivables - 99);
    const cheap = await all('fn_areceber', [{ TB: 'fn_areceber.valor', OP: '<', P: '100' }]);
    expect(cheap.registros!.every((row) => Number(row.valor) < 100)).toBe(true);
    expect(cheap.registros!.some((row) => row.valor === '99.90')).toBe(true);
    const exact = await all('fn_areceber', [{ TB: 'fn_areceber.valor', OP: '=', P: '99.9' }]);
    expect(exact.registros!.every((row) => row.valor === '99.90')).toBe(true);
  });

  it('pages until a page returns fewer than rp rows; page may be omitted', async () => {
    const filter = { TB: 'fn_areceber.status', OP: 'IN', P: 'A,P' };
    const { total } = await all('fn_areceber', [filter]);
    const seen: number[] = [];
    for (let page = 1; ; page++) {
      const body = {
        qtype: 'fn_areceber.id',
        query: '',
        oper: '=',
        page: String(page),
        rp: '37',
        grid_param: grid(filter),
      };
      const { registros = [], total: pageTotal } = await wire.page('fn_areceber', body);
      expect(pageTotal).toBe(total);
      seen.push(...registros.map((row) => Number(row.id)));
      if (registros.length < 37) break;
    }
    expect(seen).toHaveLength(Number(total));
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    const omitted = await wire.page('fn_areceber', {
      qtype: 'fn_areceber.id',
      query: '',
      oper: '=',
      rp: '37',
      grid_param: grid(filter),
    });
    expect(ids(omitted)).toEqual(seen.slice(0, 37));
  });

  it('omits `registros` on an empty page (clients must default it)', async () => {
    const answer = await wire.listPost('fn_areceber', {
      qtype: 'fn_areceber.id',
      query: '999999',
      oper: '=',
    });
    expect(json(answer.text)).toEqual({ page: '1', total: '0' });
    const pastTheEnd = await wire.page('cliente', {
      qtype: 'cliente.id',
      query: '',
      oper: '=',
      page: '9',
      rp: '10',
    });
    expect(pastTheEnd).toEqual({ page: '9', total: SMALL.customers });
  });

  it('sorts by sortname/sortorder (ids by default), keeping ties in id order', async () => {
    const byDue = await wire.page('fn_areceber', {
      qtype: 'fn_areceber.id_contrato',
      query: '7',
      oper: '=',
      rp: '100',
      sortname: 'fn_areceber.data_vencimento',
      sortorder: 'desc',
    });
    const dues = byDue.registros!.map((row) => row.data_vencimento);
    expect(dues).toEqual([...dues].sort().reverse());
    const byStatus = await all('cliente_contrato');
    const sorted = await wire.page('cliente_contrato', {
      qtype: 'cliente_contrato.id',
      query: '',
      oper: '=',
      rp: '1000',
      sortname: 'cliente_contrato.status',
    });
    const expected = [...byStatus.registros!].sort(
      (a, b) => a.status.localeCompare(b.status) || Number(a.id) - Number(b.id),
    );
    expect(ids(sorted)).toEqual(expected.map((row) => Number(row.id)));
    const descIds = await wire.page('cliente', {
      qtype: 'cliente.id',
      query: '',
      oper: '=',
      rp: '3',
      sortorder: 'desc',
    });
    expect(ids(descIds)).toEqual([SMALL.customers, SMALL.customers - 1, SMALL.customers - 2]);
  });

  it('inserts a su_ticket (no ixcsoft header) and lists it; missing fields and unknown customers are type:error', async () => {
    const created = await wire.insert('su_ticket', {
      tipo: 'C',
      id_cliente: '4',
      id_contrato: '4',
      id_assunto: '12',
      titulo: 'Cobrança: fatura vencida há 20 dias',
      menssagem: 'Aberto pela régua',
      id_ticket_setor: '3',
      prioridade: 'B',
      su_status: 'N',
    });
    expect(created.status).toBe(200);
    expect(json(created.text)).toEqual({
      type: 'success',
      message: 'Registro inserido com sucesso!',
      id: '1',
    });

    const listed = await wire.page('su_ticket', {
      qtype: 'su_ticket.id_cliente',
      query: '4',
      oper: '=',
      grid_param: grid({ TB: 'su_ticket.su_status', OP: '=', P: 'N' }),
    });
    expect(listed.total).toBe('1');
    expect(listed.registros![0]).toMatchObject({
      id: '1',
      id_cliente: '4',
      id_assunto: '12',
      titulo: 'Cobrança: fatura vencida há 20 dias',
      menssagem: 'Aberto pela régua',
      su_status: 'N',
    });
    expect(listed.registros![0].protocolo).toMatch(/^\d{12}$/);

    expect(json((await wire.insert('su_ticket', { id_cliente: '4', titulo: 'x' })).text)).toEqual({
      type: 'error',
      message: 'O campo id_assunto é obrigatório!<br />',
    });
    expect(
      json((await wire.insert('su_ticket', { id_cliente: '9999', id_assunto: '1', titulo: 'x' })).text),
    ).toEqual({
      type: 'error',
      message: 'Cliente 9999 não encontrado!',
    });
    expect((await wire.insert('su_ticket', 'not json')).text).toBe(IXC_HTML_ERROR);
    expect((await wire.insert('su_ticket', { id_cliente: 'abc', id_assunto: '1', titulo: 'x' })).text).toBe(
      IXC_HTML_ERROR,
    );
  });

  it('runs the contract buttons, which change status_internet and ultima_atualizacao', async () => {
    const before = await control.modify<Record<string, string>>({
      action: 'getRow',
      table: 'cliente_contrato',
      id: 10,
    });
    const buttons: [string, string][] = [
      ['cliente_contrato_15300', 'CM'],
      ['cliente_contrato_15463', 'FA'],
      ['cliente_contrato_23529', 'AA'],
      ['cliente_contrato_15464', 'A'],
    ];
    for (const [route, status] of buttons) {
      const answer = json<{ type: string }>((await wire.insert(route, { id_contrato: '10' })).text);
      expect(answer.type).toBe('success');
      const row = await control.modify<Record<string, string>>({
        action: 'getRow',
        table: 'cliente_contrato',
        id: '10',
      });
      expect(row.status_internet).toBe(status);
      expect(row.ultima_atualizacao > before.ultima_atualizacao).toBe(true);
    }
    const bm = await control.modify<Record<string, string>>({
      action: 'getRow',
      table: 'cliente_contrato',
      id: 10,
    });
    expect(bm.dt_ult_bloq_manual).not.toBe('0000-00-00');

    expect(json((await wire.insert('cliente_contrato_15300', { id_contrato: '99999' })).text)).toEqual({
      type: 'error',
      message: 'Contrato 99999 não encontrado!',
    });
    await control.modify({ action: 'setContractStatus', id: 11, status: 'P', status_internet: 'AA' });
    expect(
      json((await wire.insert('cliente_contrato_ativar_cliente', { id_contrato: '11' })).text),
    ).toMatchObject({ type: 'success' });
    expect(await control.modify({ action: 'getRow', table: 'cliente_contrato', id: 11 })).toMatchObject({
      status: 'A',
      status_internet: 'A',
    });
  });

  it('grants desbloqueio_confianca once and refuses a second one', async () => {
    const allowed = await all('cliente_contrato', [
      { TB: 'cliente_contrato.desbloqueio_confianca', OP: '=', P: 'S' },
      { TB: 'cliente_contrato.desbloqueio_confianca_ativo', OP: '=', P: 'N' },
    ]);
    const id = allowed.registros![0].id;
    await control.modify({ action: 'setContractStatus', id, status: 'A', status_internet: 'CA' });

    expect(json((await wire.insert('desbloqueio_confianca', { id })).text)).toMatchObject({
      type: 'success',
    });
    expect(await control.modify({ action: 'getRow', table: 'cliente_contrato', id })).toMatchObject({
      status_internet: 'A',
      desbloqueio_confianca_ativo: 'S',
    });
    expect(json((await wire.insert('desbloqueio_confianca', { id })).text)).toEqual({
      type: 'error',
      message: 'Este contrato já está com o desbloqueio de confiança ativo!',
    });
    const refused = await all('cliente_contrato', [
      { TB: 'cliente_contrato.desbloqueio_confianca', OP: '=', P: 'N' },
    ]);
    const notAllowed = refused.registros![0].id;
    expect(json((await wire.insert('desbloqueio_confianca', { id: notAllowed })).text)).toMatchObject({
      type: 'error',
    });
  });

  it('rejects a partial PUT with the HTML error and takes a full one, ignoring read-only fields', async () => {
    const contract = await control.modify<Record<string, string>>({
      action: 'getRow',
      table: 'cliente_contrato',
      id: 5,
    });
    expect((await wire.put('cliente_contrato', '5', { status_internet: 'CM' })).text).toBe(IXC_HTML_ERROR);

    const full = { ...contract, obs_cancelamento: 'Mudou de cidade', nao_bloquear_ate: '20/12/2030' };
    expect(json((await wire.put('cliente_contrato', '5', full)).text)).toEqual({
      type: 'success',
      message: 'Registro atualizado com sucesso!',
      id: '5',
    });
    const updated = await control.modify<Record<string, string>>({
      action: 'getRow',
      table: 'cliente_contrato',
      id: 5,
    });
    expect(updated).toMatchObject({ obs_cancelamento: 'Mudou de cidade', nao_bloquear_ate: '2030-12-20' });
    expect(updated.ultima_atualizacao > contract.ultima_atualizacao).toBe(true);
    expect(json((await wire.put('cliente_contrato', '99999', full)).text)).toMatchObject({ type: 'error' });

    const receivable = await control.modify<Record<string, string>>({
      action: 'getRow',
      table: 'fn_areceber',
      id: 1,
    });
    await wire.put('fn_areceber', '1', { ...receivable, linha_digitavel: 'changed', obs: 'nota' });
    expect(await control.modify({ action: 'getRow', table: 'fn_areceber', id: 1 })).toMatchObject({
      linha_digitavel: receivable.linha_digitavel,
      obs: 'nota',
    });
  });

  it('finds changed rows with an ultima_atualizacao >= filter, down to the day the server is in', async () => {
    const today = serverToday();
    const since = (table: string) => all(table, [{ TB: `${table}.ultima_atualizacao`, OP: '>=', P: today }]);
    expect((await since('fn_areceber')).total).toBe('0');

    await control.modify({ action: 'markPaid', id: 21 });
    await control.modify({ action: 'setContractStatus', id: 7, status_internet: 'CA' });
    await control.modify({ action: 'touch', table: 'cliente', ids: [2, 3] });
    await wire.insert('cliente_contrato_15300', { id_contrato: '8' });
    expect(ids(await since('fn_areceber'))).toEqual([21]);
    expect(ids(await since('cliente_contrato'))).toEqual([7, 8]);
    expect(ids(await since('cliente'))).toEqual([2, 3]);
    const [paid] = (await since('fn_areceber')).registros!;
    expect(paid.ultima_atualizacao.slice(0, 10)).toBe(today.split('/').reverse().join('-'));
  });

  it('answers IN/NI with the HTML error while rejectInOperator is on (the client falls back to one id per call)', async () => {
    const batch = [{ TB: 'cliente_contrato.id', OP: 'IN', P: '1,2,3' }];
    await control.modify({ action: 'rejectInOperator', enabled: true });
    expect(
      (
        await wire.listPost('cliente_contrato', {
          qtype: 'cliente_contrato.id',
          query: '',
          oper: '=',
          grid_param: grid(...batch),
        })
      ).text,
    ).toBe(IXC_HTML_ERROR);
    expect(
      (await wire.listPost('cliente_contrato', { qtype: 'cliente_contrato.id', query: '1,2', oper: 'NI' }))
        .text,
    ).toBe(IXC_HTML_ERROR);
    expect(
      ids(await wire.page('cliente_contrato', { qtype: 'cliente_contrato.id', query: '2', oper: '=' })),
    ).toEqual([2]);
    await control.modify({ action: 'rejectInOperator', enabled: false });
    expect(ids(await all('cliente_contrato', batch))).toEqual([1, 2, 3]);
  });

  it('counts wire requests by table and kind, faulted ones included', async () => {
    await all('fn_areceber');
    await wire.listGet('fn_areceber', {});
    await wire.insert('su_ticket', { id_cliente: '1', id_assunto: '1', titulo: 'x' });
    await wire.insert('cliente_contrato_15300', { id_contrato: '1' });
    await control.setFaults({ error: { status: 504, body: '' }, times: 1 });
    await wire.listPost('cliente', {});
    const data = await control.data<IxcData>();
    expect(data.requestsByTable).toEqual({
      fn_areceber: { list: 2, write: 0 },
      su_ticket: { list: 0, write: 1 },
      cliente_contrato_15300: { list: 0, write: 1 },
      cliente: { list: 1, write: 0 },
    });
    expect(data.counts).toEqual({
      cliente: 60,
      cliente_contrato: 80,
      fn_areceber: 800,
      su_oss_chamado: 10,
      su_ticket: 1,
    });
    expect(data.credentials).toEqual([{ user: '1' }]);
    expect(data.settings).toEqual(SMALL);
    await control.modify({ action: 'clearRequestCounts' });
    expect((await control.data<IxcData>()).requestsByTable).toEqual({});
  });

  it('passes injected 504s with an HTML or an empty body through untouched; a rate limit is a 504', async () => {
    const gateway = '<html><body><h1>504 Gateway Time-out</h1></body></html>';
    await control.setFaults({
      error: { status: 504, body: gateway, contentType: 'text/html' },
      times: 1,
      pathPattern: '^/webservice/v1/fn_areceber',
    });
    const html = await wire.listPost('fn_areceber', {});
    expect(html).toEqual({ status: 504, contentType: 'text/html', text: gateway });
    expect((await wire.listPost('fn_areceber', {})).status).toBe(200);

    await control.setFaults({ error: { status: 504, body: '' }, times: 1 });
    const empty = await wire.listGet('cliente', {});
    expect(empty.status).toBe(504);
    expect(empty.text).toBe('');

    // A rate limit without a body is IXC's overload answer: a proxy 504 page, no Retry-After.
    await control.setFaults({ rateLimit: { limit: 1, windowMs: 60_000 } });
    expect((await wire.listPost('cliente', {})).status).toBe(200);
    const limited = await wire.send('POST', '/cliente', {}, { ixcsoft: 'listar' });
    expect(limited.status).toBe(504);
    expect(limited.text).toContain('504 Gateway Time-out');
  });

  it('refuses logins from outside the IP allow-list with a type:error at HTTP 200', async () => {
    await control.modify({ action: 'setIpAllowList', ips: ['10.0.0.0/8'] });
    const refused = await wire.listPost('cliente', {});
    expect(refused.status).toBe(200);
    expect(json(refused.text)).toEqual({
      type: 'error',
      message: 'Seu IP não está liberado para efetuar login!',
    });
    await control.modify({ action: 'setIpAllowList', ips: ['10.0.0.0/8', '127.0.0.0/8', '::1'] });
    expect((await wire.page('cliente', {})).total).toBe(SMALL.customers);
  });
});

import {
  checkFieldName,
  magnusFilterParam,
  numericFilter,
  numericListFilter,
  stringFilter,
} from './magnus-filter.builder';

describe('magnusFilterParam', () => {
  it('puts the numeric id guard before a leading string or list filter (PHP 8 crashes otherwise)', () => {
    expect(JSON.parse(magnusFilterParam([stringFilter('dist', 'eq', 'C-1')]))).toEqual([
      { type: 'numeric', field: 'id', value: 0, comparison: 'gt' },
      { type: 'string', field: 'dist', value: 'C-1', comparison: 'eq' },
    ]);
    expect(magnusFilterParam([numericListFilter('id', [40])])).toBe(
      '[{"type":"numeric","field":"id","value":0,"comparison":"gt"},{"type":"list","field":"id","value":[40]}]',
    );
  });

  it('adds no guard when a numeric filter already comes first, or when there is no filter', () => {
    expect(magnusFilterParam([numericFilter('id', 'eq', 7), stringFilter('username', 'eq', 'a')])).toBe(
      '[{"type":"numeric","field":"id","value":7,"comparison":"eq"},{"type":"string","field":"username","value":"a","comparison":"eq"}]',
    );
    expect(magnusFilterParam([numericFilter('id', 'eq', 7)])).toBe(
      '[{"type":"numeric","field":"id","value":7,"comparison":"eq"}]',
    );
    expect(magnusFilterParam([])).toBe('[]');
  });

  it('writes a list filter as type "list" with an array value and no comparison', () => {
    expect(JSON.parse(magnusFilterParam([numericListFilter('id', [3, 1, 2])]))[1]).toEqual({
      type: 'list',
      field: 'id',
      value: [3, 1, 2],
    });
    expect(() => numericListFilter('id', [])).toThrow(/at least one/);
    expect(() => numericListFilter('id', [Number.NaN])).toThrow(/finite/);
    expect(() => numericListFilter('id OR 1', [1])).toThrow(/not a plain column/);
  });

  it('keeps awkward values as JSON text (accents stay UTF-8, quotes escaped)', () => {
    expect(magnusFilterParam([stringFilter('dist', 'eq', 'São "João" * ~')])).toContain(
      '"value":"São \\"João\\" * ~"',
    );
  });
});

describe('checkFieldName', () => {
  it('accepts plain column names', () => {
    for (const field of ['dist', 'doc', 'company_name', 'extra1']) expect(checkFieldName(field)).toBe(field);
  });

  it('refuses anything Magnus would paste into SQL as more than a column, and secret fields', () => {
    for (const field of ['', 'dist OR 1=1', 't.dist', '1dist', 'dist;--', '#dist']) {
      expect(() => checkFieldName(field, 'contractField')).toThrow(/contractField/);
    }
    expect(() => checkFieldName('password')).toThrow(/secret/);
    expect(() => checkFieldName('callingcard_pin')).toThrow(/secret/);
  });
});

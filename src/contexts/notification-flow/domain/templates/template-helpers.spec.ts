import { brl, date, firstName, plural } from './template-helpers';

describe('template helpers', () => {
  it.each([
    [0, 'R$ 0,00'],
    [5, 'R$ 0,05'],
    [99, 'R$ 0,99'],
    [100, 'R$ 1,00'],
    [123456, 'R$ 1.234,56'],
    [123456789, 'R$ 1.234.567,89'],
    [-1990, '-R$ 19,90'],
    ['12990', 'R$ 129,90'],
    [undefined, ''],
    ['abc', ''],
    [Number.NaN, ''],
  ])('brl(%p) = %p', (cents, expected) => {
    expect(brl(cents)).toBe(expected);
  });

  it('never uses a no-break space (not GSM-7)', () => {
    expect(brl(123456)).not.toContain('\u00a0');
  });

  it.each([
    ['2026-11-05', '05/11/2026'],
    ['2026-01-31T12:00:00Z', '31/01/2026'],
    [new Date('2026-02-03T00:00:00Z'), '03/02/2026'],
    ['amanhã', 'amanhã'],
    [null, ''],
    [undefined, ''],
  ])('date(%p) = %p', (value, expected) => {
    expect(date(value)).toBe(expected);
  });

  it.each([
    ['MARIA DA SILVA', 'Maria'],
    ['  joão   pedro ', 'João'],
    ['ÉRICA SOUZA', 'Érica'],
    ['ANA-LUÍSA COSTA', 'Ana-Luísa'],
    ["D'ÁVILA", "D'Ávila"],
    ['', ''],
    [null, ''],
  ])('firstName(%p) = %p', (name, expected) => {
    expect(firstName(name)).toBe(expected);
  });

  it.each([
    [0, 'dias'],
    [1, 'dia'],
    [-1, 'dia'],
    [2, 'dias'],
    [-3, 'dias'],
    ['1', 'dia'],
  ])('plural(%p, "dia", "dias") = %p', (n, expected) => {
    expect(plural(n, 'dia', 'dias')).toBe(expected);
  });
});

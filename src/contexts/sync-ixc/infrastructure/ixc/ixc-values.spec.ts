import {
  isYes,
  IxcValueError,
  refOrNull,
  textOrNull,
  toCents,
  toIsoDate,
  toIsoTimestamp,
} from './ixc-values';

describe('toCents', () => {
  it.each([
    ['26.00', 2600],
    ['26', 2600],
    ['26.5', 2650],
    ['0.29', 29],
    ['0.07', 7],
    ['1.10', 110],
    ['19.99', 1999],
    ['1234567.89', 123456789],
    ['1.234,56', 123456],
    ['1234,5', 123450],
    ['0,01', 1],
    ['-10.50', -1050],
    ['-0.00', 0],
    ['10.005', 1001],
    ['10.0049', 1000],
    [' 26.00 ', 2600],
    ['', 0],
    [undefined, 0],
  ])('%j → %i cents, without float errors', (input, cents) => {
    expect(toCents(input)).toBe(cents);
  });

  it('is exact where float arithmetic is not', () => {
    // 1.15 * 100 === 114.99999999999999 in IEEE doubles
    expect(toCents('1.15')).toBe(115);
    expect(toCents('4.35')).toBe(435);
    expect(toCents('8.20')).toBe(820);
  });

  it.each(['abc', '1.2.3,4.5', '12,', 'R$ 10,00', '1e3', 'NaN'])('refuses %j', (input) => {
    expect(() => toCents(input)).toThrow(IxcValueError);
  });
});

describe('dates', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024-03-05 14:22:01', '2024-03-05'],
    ['05/03/2024', '2024-03-05'],
    ['0000-00-00', null],
    ['0000-00-00 00:00:00', null],
    ['', null],
    [undefined, null],
    ['2023-02-29', null],
    ['2024-13-01', null],
    ['garbage', null],
  ])('toIsoDate(%j) → %j', (input, expected) => {
    expect(toIsoDate(input)).toBe(expected);
  });

  it.each([
    ['2024-03-05 14:22:01', '2024-03-05 14:22:01'],
    ['2024-03-05T14:22', '2024-03-05 14:22:00'],
    ['2024-03-05', '2024-03-05 00:00:00'],
    ['05/03/2024 08:00:00', '2024-03-05 08:00:00'],
    ['0000-00-00 00:00:00', null],
    ['2024-03-05 25:00:00', null],
    ['', null],
  ])('toIsoTimestamp(%j) → %j', (input, expected) => {
    expect(toIsoTimestamp(input)).toBe(expected);
  });
});

describe('small field readers', () => {
  it('reads references, text and S/N flags', () => {
    expect(refOrNull('0')).toBeNull();
    expect(refOrNull('')).toBeNull();
    expect(refOrNull(' 12 ')).toBe('12');
    expect(textOrNull('  ')).toBeNull();
    expect(textOrNull(' Plano 100M ')).toBe('Plano 100M');
    expect(isYes('S')).toBe(true);
    expect(isYes('s')).toBe(true);
    expect(isYes('N')).toBe(false);
    expect(isYes(undefined)).toBe(false);
  });
});

import { agingBucket, formatBrl } from './aging';

describe('open billing aging', () => {
  it.each([
    [-3, null],
    [0, null],
    [1, '1-15'],
    [15, '1-15'],
    [16, '16-30'],
    [30, '16-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '90+'],
    [400, '90+'],
  ])('%i days overdue → %s', (days, bucket) => {
    expect(agingBucket(days)).toBe(bucket);
  });

  it('formats cents as Brazilian reais', () => {
    expect(formatBrl(123456).replace(/\s/g, ' ')).toBe('R$ 1.234,56');
    expect(formatBrl(5).replace(/\s/g, ' ')).toBe('R$ 0,05');
  });
});

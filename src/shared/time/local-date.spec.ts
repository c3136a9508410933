import { addDays, daysBetween, localDate } from './local-date';

describe('local dates', () => {
  it('reads the calendar date in the tenant time zone, not UTC', () => {
    const lateEveningInSaoPaulo = new Date('2026-03-01T02:30:00Z'); // 23:30 on Feb 28 in São Paulo
    expect(localDate(lateEveningInSaoPaulo, 'America/Sao_Paulo')).toBe('2026-02-28');
    expect(localDate(lateEveningInSaoPaulo, 'UTC')).toBe('2026-03-01');
  });

  it.each([
    ['2026-01-01', '2026-01-21', 20],
    ['2026-02-28', '2026-03-01', 1],
    ['2026-03-01', '2026-02-28', -1],
    ['2024-02-28', '2024-03-01', 2],
  ])('from %s to %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
    expect(addDays(from, days)).toBe(to);
  });
});

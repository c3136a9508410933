import { brazilianClosedDays } from './brazilian-holidays';
import { businessHoursProblems, DEFAULT_BUSINESS_HOURS, nextOpenSlot } from './business-hours';

// São Paulo is UTC−3 all year (no daylight saving since 2019).
const sp = (local: string) => new Date(`${local}-03:00`);
const slot = (local: string, extra: string[] = []) =>
  nextOpenSlot(sp(local), DEFAULT_BUSINESS_HOURS, brazilianClosedDays(extra)).toISOString();

describe('nextOpenSlot (default hours, Brazilian national holidays)', () => {
  it.each([
    ['inside Monday hours: now', '2026-11-23T10:15:00', '2026-11-23T10:15:00'],
    ['before opening: 08:00 the same day', '2026-11-23T07:30:00', '2026-11-23T08:00:00'],
    ['at closing time (exclusive): next morning', '2026-11-23T18:00:00', '2026-11-24T08:00:00'],
    ['Friday evening: Saturday 08:00', '2026-11-27T19:00:00', '2026-11-28T08:00:00'],
    ['Saturday before noon: now', '2026-11-28T11:59:00', '2026-11-28T11:59:00'],
    ['Saturday 13:00: Monday 08:00', '2026-11-28T13:00:00', '2026-11-30T08:00:00'],
    ['Sunday: Monday 08:00', '2026-11-29T09:00:00', '2026-11-30T08:00:00'],
    ['7 September (Monday): the next business day', '2026-09-07T10:00:00', '2026-09-08T08:00:00'],
    ['Sunday before 7 September: Tuesday', '2026-09-06T10:00:00', '2026-09-08T08:00:00'],
    ['Good Friday', '2026-04-03T09:00:00', '2026-04-04T08:00:00'],
    ['Tiradentes (Tuesday)', '2026-04-21T09:00:00', '2026-04-22T08:00:00'],
    ['Consciência Negra (Friday)', '2026-11-20T09:00:00', '2026-11-21T08:00:00'],
    ['Christmas Eve is not a national holiday', '2026-12-24T09:00:00', '2026-12-24T09:00:00'],
  ])('%s', (_name, at, expected) => {
    expect(slot(at)).toBe(sp(expected).toISOString());
  });

  it("skips the tenant's own closed dates", () => {
    expect(slot('2026-11-23T10:00:00', ['2026-11-23'])).toBe(sp('2026-11-24T08:00:00').toISOString());
  });

  it('works in another time zone', () => {
    const manaus = { ...DEFAULT_BUSINESS_HOURS, timeZone: 'America/Manaus' }; // UTC−4
    const at = new Date('2026-11-23T11:30:00Z'); // 07:30 in Manaus
    expect(nextOpenSlot(at, manaus, () => false).toISOString()).toBe('2026-11-23T12:00:00.000Z');
  });
});

describe('businessHoursProblems', () => {
  it('accepts the defaults', () => expect(businessHoursProblems(DEFAULT_BUSINESS_HOURS)).toEqual([]));
  it.each([
    [{ ...DEFAULT_BUSINESS_HOURS, timeZone: 'Mars/Olympus' }, 'time zone'],
    [
      {
        ...DEFAULT_BUSINESS_HOURS,
        week: [null, { open: '18:00', close: '08:00' }, null, null, null, null, null],
      },
      'before close',
    ],
    [
      {
        ...DEFAULT_BUSINESS_HOURS,
        week: [null, { open: '8h', close: '18:00' }, null, null, null, null, null],
      },
      'HH:mm',
    ],
    [{ ...DEFAULT_BUSINESS_HOURS, week: [null, null, null, null, null, null, null] }, 'at least one day'],
  ])('refuses %j', (hours, problem) => {
    expect(businessHoursProblems(hours).join('; ')).toContain(problem);
  });
});

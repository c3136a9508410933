import { DateTime } from 'luxon';

/** One day's sending window, local wall-clock times `HH:mm`; `close` is exclusive. */
export interface DayWindow {
  open: string;
  close: string;
}

/** When a tenant may contact debtors: a weekly window in its time zone. */
export interface BusinessHours {
  timeZone: string;
  /** index 0 = Sunday … 6 = Saturday; null = closed all day */
  week: Array<DayWindow | null>;
}

/** Whether a local calendar day (`yyyy-mm-dd`) is closed: national holidays plus the tenant's own dates. */
export type ClosedDay = (date: string) => boolean;

const WEEKDAY: DayWindow = { open: '08:00', close: '18:00' };

/** Mon–Fri 08:00–18:00, Sat 08:00–12:00, São Paulo time (the brief's default). */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  timeZone: 'America/Sao_Paulo',
  week: [null, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, { open: '08:00', close: '12:00' }],
};

/** How far ahead a slot is looked for; a tenant closed longer than this is misconfigured. */
const SEARCH_DAYS = 60;

/**
 * The earliest moment at or after `at` when a message may go out: `at` itself when it falls inside an
 * open window on a day that is not closed, otherwise the opening of the next open window. Messages are
 * deferred to it, never dropped. Pure.
 */
export function nextOpenSlot(at: Date, hours: BusinessHours, closed: ClosedDay): Date {
  const start = DateTime.fromJSDate(at, { zone: hours.timeZone });
  if (!start.isValid) throw new Error(`invalid time zone ${hours.timeZone}`);
  for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
    const day = start.startOf('day').plus({ days: offset });
    const window = hours.week[day.weekday % 7];
    if (!window || closed(day.toISODate()!)) continue;
    const open = atTime(day, window.open);
    const close = atTime(day, window.close);
    if (offset > 0 || start < open) return open.toJSDate();
    if (start < close) return at;
  }
  throw new Error(`no open business hours in the next ${SEARCH_DAYS} days`);
}

function atTime(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

/** Problems with a tenant's hours (empty when valid): times `HH:mm`, open before close, one open day. */
export function businessHoursProblems(hours: BusinessHours): string[] {
  const problems: string[] = [];
  if (!DateTime.local().setZone(hours.timeZone).isValid) problems.push(`unknown time zone ${hours.timeZone}`);
  if (hours.week.length !== 7) problems.push('week must have 7 entries, Sunday first');
  const time = /^([01]\d|2[0-3]):[0-5]\d$/;
  hours.week.forEach((window, i) => {
    if (!window) return;
    if (!time.test(window.open) || !time.test(window.close)) {
      problems.push(`week[${i}]: open and close must be HH:mm`);
    } else if (window.open >= window.close) {
      problems.push(`week[${i}]: open must be before close`);
    }
  });
  if (hours.week.every((w) => w === null)) problems.push('at least one day must be open');
  return problems;
}

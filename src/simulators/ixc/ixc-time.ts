/**
 * IXC stores and prints dates in the server's local time (America/Sao_Paulo) with no offset, so the
 * simulator keeps every date as "wall-clock" numbers: whole days or seconds since 1970-01-01 read as if
 * the local wall clock were UTC. That makes formatting, parsing and chronological comparison plain
 * arithmetic; only "now" needs a real time-zone conversion (Intl, no tz library).
 */

export const SECONDS_PER_DAY = 86_400;
/** Key of `0000-00-00` (and of `""`) when comparing dates: before every real date, as in MySQL. */
export const ZERO_DATE_KEY = Number.NEGATIVE_INFINITY;
export const ZERO_DATE = '0000-00-00';
export const ZERO_DATETIME = '0000-00-00 00:00:00';

const SERVER_TIME_ZONE = 'America/Sao_Paulo';
const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: SERVER_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Wall-clock seconds of an instant in the IXC server's time zone. */
export function serverWallSeconds(instant: Date): number {
  const parts: Record<string, number> = {};
  for (const part of wallClock.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) / 1000;
}

export function serverToday(instant: Date): number {
  return Math.floor(serverWallSeconds(instant) / SECONDS_PER_DAY);
}

/** `yyyy-mm-dd` of a day number (days since 1970-01-01). */
export function formatDay(day: number): string {
  civilFromDays(day, scratch);
  return `${scratch[0]}-${two(scratch[1])}-${two(scratch[2])}`;
}

const scratch = new Int32Array(3);

/**
 * Year, month, day of a day number into `out` (Howard Hinnant's civil_from_days): no Date and no
 * array allocated, which matters when printing 10k-row pages.
 */
export function civilFromDays(day: number, out: Int32Array): void {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out[1] = m;
  out[2] = doy - Math.floor((153 * mp + 2) / 5) + 1;
}

/** `yyyy-mm-dd HH:MM:SS` of wall-clock seconds. */
export function formatWallSeconds(seconds: number): string {
  const day = Math.floor(seconds / SECONDS_PER_DAY);
  const rest = seconds - day * SECONDS_PER_DAY;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  return `${formatDay(day)} ${two(h)}:${two(m)}:${two(rest % 60)}`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const BRAZILIAN = /^(\d{2})\/(\d{2})\/(\d{4})(?:\s+(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Wall-clock seconds of a date as IXC accepts it in filters and write bodies: `dd/mm/yyyy`,
 * `dd/mm/yyyy HH:MM:SS`, `yyyy-mm-dd`, `yyyy-mm-dd HH:MM:SS` (date-only values mean midnight).
 * Zero dates (`0000-00-00`, `00/00/0000`) give ZERO_DATE_KEY; anything else gives undefined.
 */
export function parseIxcDate(text: string): number | undefined {
  const value = text.trim();
  const iso = ISO.exec(value);
  const br = iso ? undefined : BRAZILIAN.exec(value);
  if (!iso && !br) return undefined;
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : [br![3], br![2], br![1]];
  const [hour, minute, second] = (iso ?? br!).slice(4, 7).map((part) => Number(part ?? 0));
  if (Number(year) === 0 && Number(month) === 0 && Number(day) === 0) return ZERO_DATE_KEY;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (
    y < 1000 ||
    m < 1 ||
    m > 12 ||
    d < 1 ||
    d > daysInMonth(y, m) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  return Date.UTC(y, m - 1, d, hour, minute, second) / 1000;
}

/** IXC protocols read like `202405170042`: the opening date and a sequence. */
export function protocol(wallSeconds: number, id: number): string {
  return `${formatWallSeconds(wallSeconds).slice(0, 10).replace(/-/g, '')}${String(id % 10_000).padStart(4, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

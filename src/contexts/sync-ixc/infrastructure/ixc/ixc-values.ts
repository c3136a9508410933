/**
 * IXC field values (all strings on the wire) to domain values. Money becomes integer cents by string
 * arithmetic, never through a float, so `"0.29"` is 29 cents and not 28.999….
 */

/** A row value IXC could not have meant; the mapper names the field and the row. */
export class IxcValueError extends Error {
  override name = 'IxcValueError';
}

const DOT_DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;
const COMMA_DECIMAL = /^(-)?(\d{1,3}(?:\.\d{3})*|\d+),(\d+)$/;

/**
 * `"26.00"` → 2600. IXC sends dot decimals; the Brazilian `"1.234,56"` is also understood because some
 * installations format money fields for display. Empty means zero (IXC leaves unpaid amounts blank).
 * More than two decimals are rounded half away from zero.
 */
export function toCents(value: string | undefined): number {
  const text = (value ?? '').trim().replace(/\s/g, '');
  if (text === '') return 0;
  const dot = DOT_DECIMAL.exec(text);
  const comma = dot ? undefined : COMMA_DECIMAL.exec(text);
  const match = dot ?? comma;
  if (!match) throw new IxcValueError(`not a money amount: "${text}"`);
  const [, sign, rawInteger, rawFraction = ''] = match;
  const integer = rawInteger.replace(/\./g, '');
  const fraction = rawFraction.padEnd(3, '0');
  let cents = Number(integer) * 100 + Number(fraction.slice(0, 2));
  if (Number(fraction[2]) >= 5) cents += 1;
  if (!Number.isSafeInteger(cents)) throw new IxcValueError(`money amount out of range: "${text}"`);
  return sign && cents !== 0 ? -cents : cents;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const BR_DATE = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;

interface DateTimeParts {
  date: string;
  time: string | undefined;
}

/**
 * `YYYY-MM-DD`, or null for IXC's empty dates (`""`, `0000-00-00`, `0000-00-00 00:00:00`) and for
 * values that are not a real calendar date. A timestamp keeps only its date. `dd/mm/yyyy` is accepted
 * too, since that is how IXC formats dates for its screens.
 */
export function toIsoDate(value: string | undefined): string | null {
  return dateTimeParts(value)?.date ?? null;
}

/** `YYYY-MM-DD HH:MM:SS` in the IXC server's local time; a bare date becomes midnight. Empty → null. */
export function toIsoTimestamp(value: string | undefined): string | null {
  const parts = dateTimeParts(value);
  return parts ? `${parts.date} ${parts.time ?? '00:00:00'}` : null;
}

function dateTimeParts(value: string | undefined): DateTimeParts | null {
  const text = (value ?? '').trim();
  const iso = ISO_DATE.exec(text);
  const match = iso ?? BR_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = iso ? [match[1], match[2], match[3]] : [match[3], match[2], match[1]];
  // Optional groups are undefined when absent, whatever RegExpExecArray's element type says.
  const [hour, minute, second] = match.slice(4, 7) as (string | undefined)[];
  const date = `${year}-${month}-${day}`;
  if (!isCalendarDate(Number(year), Number(month), Number(day))) return null;
  if (hour === undefined) return { date, time: undefined };
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? '0') > 59) return null;
  return { date, time: `${hour}:${minute}:${second ?? '00'}` };
}

// Arithmetic rather than Date round-trips: a full sync checks a few million dates.
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year === 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

/** Trimmed text, null when empty. */
export function textOrNull(value: string | undefined): string | null {
  const text = (value ?? '').trim();
  return text === '' ? null : text;
}

/** A reference to another row; IXC writes `0` (or nothing) for "none". */
export function refOrNull(value: string | undefined): string | null {
  const text = (value ?? '').trim();
  return text === '' || /^0+$/.test(text) ? null : text;
}

/** IXC's S/N flags. */
export function isYes(value: string | undefined): boolean {
  return (value ?? '').trim().toUpperCase() === 'S';
}

import { Column, grown, type RowTest } from './ixc-columns';
import { jsonBytes, QUOTE, type JsonWriter } from './ixc-json-writer';
import {
  civilFromDays,
  formatDay,
  formatWallSeconds,
  parseIxcDate,
  SECONDS_PER_DAY,
  ZERO_DATE,
  ZERO_DATE_KEY,
  ZERO_DATETIME,
} from './ixc-time';

/** DATE and DATETIME columns: wall-clock numbers (see ixc-time), IXC's zero dates kept apart from `""`. */

const ZERO_DAY = -2_147_483_648;
const BLANK_DAY = -2_147_483_647;

/** A DATE: day number, or IXC's `0000-00-00`, or `""`. */
export class DateColumn extends Column {
  readonly mode = 'time';
  private data: Int32Array = new Int32Array(0);

  constructor(name: string, defaultValue = ZERO_DATE) {
    super(name, defaultValue);
  }

  /** Day number, or undefined for an empty date. */
  day(row: number): number | undefined {
    const day = this.data[row];
    return day === ZERO_DAY || day === BLANK_DAY ? undefined : day;
  }

  /** undefined stores `0000-00-00`. */
  setDay(row: number, day: number | undefined): void {
    this.data[row] = day ?? ZERO_DAY;
  }

  value(row: number): string {
    const day = this.data[row];
    if (day === ZERO_DAY) return ZERO_DATE;
    if (day === BLANK_DAY) return '';
    return formatDay(day);
  }

  accepts(value: string): boolean {
    return value.trim() === '' || parseIxcDate(value) !== undefined;
  }

  write(row: number, value: string): void {
    this.data[row] = encodeDay(value);
  }

  override writeJson(row: number, out: JsonWriter): void {
    const day = this.data[row];
    if (day === ZERO_DAY) return out.bytes(ZERO_DATE_JSON);
    if (day === BLANK_DAY) return out.bytes(BLANK_JSON);
    out.byte(QUOTE);
    writeDay(day, out);
    out.byte(QUOTE);
  }

  fillDefault(from: number, to: number): void {
    this.data.fill(encodeDay(this.defaultValue), from, to);
  }

  override resize(capacity: number): void {
    this.data = grown(this.data, capacity, (n) => new Int32Array(n));
  }

  override key(row: number): number {
    const day = this.data[row];
    return day === ZERO_DAY || day === BLANK_DAY ? ZERO_DATE_KEY : day * SECONDS_PER_DAY;
  }

  override keyTest(test: (key: number) => boolean): RowTest {
    const data = this.data;
    return (row) => {
      const day = data[row];
      return test(day === ZERO_DAY || day === BLANK_DAY ? ZERO_DATE_KEY : day * SECONDS_PER_DAY);
    };
  }
}

function encodeDay(value: string): number {
  if (value.trim() === '') return BLANK_DAY;
  const seconds = parseIxcDate(value);
  return seconds === undefined || seconds === ZERO_DATE_KEY
    ? ZERO_DAY
    : Math.floor(seconds / SECONDS_PER_DAY);
}

/** A DATETIME as wall-clock seconds; `0000-00-00 00:00:00` is -Infinity and `""` is NaN. */
export class DateTimeColumn extends Column {
  readonly mode = 'time';
  private data: Float64Array = new Float64Array(0);

  constructor(name: string, defaultValue = ZERO_DATETIME) {
    super(name, defaultValue);
  }

  seconds(row: number): number | undefined {
    const seconds = this.data[row];
    return Number.isFinite(seconds) ? seconds : undefined;
  }

  setSeconds(row: number, seconds: number | undefined): void {
    this.data[row] = seconds ?? ZERO_DATE_KEY;
  }

  value(row: number): string {
    const seconds = this.data[row];
    if (Number.isNaN(seconds)) return '';
    return Number.isFinite(seconds) ? formatWallSeconds(seconds) : ZERO_DATETIME;
  }

  accepts(value: string): boolean {
    return value.trim() === '' || parseIxcDate(value) !== undefined;
  }

  write(row: number, value: string): void {
    this.data[row] = encodeSeconds(value);
  }

  override writeJson(row: number, out: JsonWriter): void {
    const seconds = this.data[row];
    if (Number.isNaN(seconds)) return out.bytes(BLANK_JSON);
    if (!Number.isFinite(seconds)) return out.bytes(ZERO_DATETIME_JSON);
    const day = Math.floor(seconds / SECONDS_PER_DAY);
    const rest = seconds - day * SECONDS_PER_DAY;
    out.byte(QUOTE);
    writeDay(day, out);
    out.byte(SPACE);
    out.digits(Math.floor(rest / 3600), 2);
    out.byte(COLON);
    out.digits(Math.floor((rest % 3600) / 60), 2);
    out.byte(COLON);
    out.digits(rest % 60, 2);
    out.byte(QUOTE);
  }

  fillDefault(from: number, to: number): void {
    this.data.fill(encodeSeconds(this.defaultValue), from, to);
  }

  override resize(capacity: number): void {
    this.data = grown(this.data, capacity, (n) => new Float64Array(n));
  }

  override key(row: number): number {
    const seconds = this.data[row];
    return Number.isNaN(seconds) ? ZERO_DATE_KEY : seconds;
  }

  override keyTest(test: (key: number) => boolean): RowTest {
    const data = this.data;
    return (row) => {
      const seconds = data[row];
      return test(Number.isNaN(seconds) ? ZERO_DATE_KEY : seconds);
    };
  }
}

function encodeSeconds(value: string): number {
  return value.trim() === '' ? Number.NaN : (parseIxcDate(value) ?? ZERO_DATE_KEY);
}

const SPACE = 0x20;
const COLON = 0x3a;
const DASH = 0x2d;
const ZERO_DATE_JSON = jsonBytes(ZERO_DATE);
const ZERO_DATETIME_JSON = jsonBytes(ZERO_DATETIME);
const BLANK_JSON = jsonBytes('');
const civil = new Int32Array(3);

function writeDay(day: number, out: JsonWriter): void {
  civilFromDays(day, civil);
  out.digits(civil[0], 4);
  out.byte(DASH);
  out.digits(civil[1], 2);
  out.byte(DASH);
  out.digits(civil[2], 2);
}

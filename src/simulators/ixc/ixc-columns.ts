import { QUOTE, type JsonWriter } from './ixc-json-writer';
import { parseIxcDate, ZERO_DATE_KEY } from './ixc-time';

/**
 * Column storage for the IXC tables. The benchmark holds 500k receivables, so rows are never objects:
 * each column keeps a typed array (or a small dictionary) and prints its wire string only when a page is
 * serialised. Every column speaks the same interface, so filtering, sorting and writes stay generic.
 */

/** How a column compares in filters and sorting: numerically (ids, money), chronologically, or as text. */
export type CompareMode = 'number' | 'time' | 'string';
export type RowTest = (row: number) => boolean;
export type SortKeys = Float64Array | string[];

export abstract class Column {
  abstract readonly mode: CompareMode;

  constructor(
    readonly name: string,
    /** what a new row holds until it is written */
    readonly defaultValue: string,
  ) {}

  /** The value exactly as IXC prints it (always a string). */
  abstract value(row: number): string;
  /** Whether a wire value can be stored (MySQL would reject it otherwise, which IXC shows as its HTML error). */
  abstract accepts(value: string): boolean;
  /** Stores a value that `accepts` allowed. */
  abstract write(row: number, value: string): void;
  /** Sets rows [from, to) to the default value; used when rows are appended. */
  abstract fillDefault(from: number, to: number): void;

  resize(_capacity: number): void {}

  /** Prints the value as a JSON string; typed columns override this to write digits without allocating. */
  writeJson(row: number, out: JsonWriter): void {
    out.string(this.value(row));
  }

  /** Comparison key of number/time columns; ZERO_DATE_KEY for empty dates. */
  key(row: number): number {
    return this.mode === 'time'
      ? (parseIxcDate(this.value(row)) ?? ZERO_DATE_KEY)
      : toNumber(this.value(row));
  }

  keyTest(test: (key: number) => boolean): RowTest {
    return (row) => test(this.key(row));
  }

  /** Tests the printed value, lower-cased: IXC's MySQL compares text case-insensitively. */
  textTest(test: (text: string) => boolean): RowTest {
    return (row) => test(this.value(row).toLowerCase());
  }

  sortKeys(size: number): SortKeys {
    if (this.mode === 'string')
      return Array.from({ length: size }, (_, row) => this.value(row).toLowerCase());
    const keys = new Float64Array(size);
    for (let row = 0; row < size; row++) keys[row] = this.key(row);
    return keys;
  }
}

/** Integer ids and counters (Int32). `""` is stored as 0, as MySQL does for an int column. */
export class IntColumn extends Column {
  readonly mode = 'number';
  private data: Int32Array = new Int32Array(0);

  constructor(name: string, defaultValue = '0') {
    super(name, defaultValue);
  }

  get(row: number): number {
    return this.data[row];
  }

  set(row: number, value: number): void {
    this.data[row] = value;
  }

  value(row: number): string {
    return String(this.data[row]);
  }

  accepts(value: string): boolean {
    const n = toNumber(value);
    return Number.isInteger(n) && n >= -2_147_483_648 && n <= 2_147_483_647;
  }

  write(row: number, value: string): void {
    this.data[row] = toNumber(value);
  }

  override writeJson(row: number, out: JsonWriter): void {
    const value = this.data[row];
    out.byte(QUOTE);
    if (value < 0) out.byte(MINUS);
    out.digits(Math.abs(value));
    out.byte(QUOTE);
  }

  fillDefault(from: number, to: number): void {
    this.data.fill(toNumber(this.defaultValue), from, to);
  }

  override resize(capacity: number): void {
    this.data = grown(this.data, capacity, (n) => new Int32Array(n));
  }

  override key(row: number): number {
    return this.data[row];
  }

  override keyTest(test: (key: number) => boolean): RowTest {
    const data = this.data;
    return (row) => test(data[row]);
  }

  override sortKeys(size: number): SortKeys {
    return Float64Array.from(this.data.subarray(0, size));
  }

  /** First row whose value is >= `value`, for columns kept in ascending order (the id column). */
  lowerBound(value: number, size: number): number {
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.data[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Money as integer cents, printed as IXC's decimal strings (`"26.00"`). */
export class MoneyColumn extends Column {
  readonly mode = 'number';
  private data: Int32Array = new Int32Array(0);

  constructor(name: string) {
    super(name, '0.00');
  }

  cents(row: number): number {
    return this.data[row];
  }

  setCents(row: number, cents: number): void {
    this.data[row] = cents;
  }

  value(row: number): string {
    return formatCents(this.data[row]);
  }

  accepts(value: string): boolean {
    return MONEY.test(value.trim()) || value.trim() === '';
  }

  write(row: number, value: string): void {
    this.data[row] = Math.round(toNumber(value) * 100);
  }

  override writeJson(row: number, out: JsonWriter): void {
    const cents = this.data[row];
    const abs = Math.abs(cents);
    out.byte(QUOTE);
    if (cents < 0) out.byte(MINUS);
    out.digits(Math.floor(abs / 100));
    out.byte(DOT);
    out.digits(abs % 100, 2);
    out.byte(QUOTE);
  }

  fillDefault(from: number, to: number): void {
    this.data.fill(0, from, to);
  }

  override resize(capacity: number): void {
    this.data = grown(this.data, capacity, (n) => new Int32Array(n));
  }

  override key(row: number): number {
    return this.data[row] / 100;
  }

  override keyTest(test: (key: number) => boolean): RowTest {
    const data = this.data;
    return (row) => test(data[row] / 100);
  }
}

const MONEY = /^-?\d+(\.\d{1,2})?$/;
const MINUS = 0x2d;
const DOT = 0x2e;

/** MySQL reads `""` as 0 in numeric context; anything non-numeric is NaN here so it matches nothing. */
export function toNumber(value: string): number {
  const trimmed = value.trim();
  return trimmed === '' ? 0 : Number(trimmed);
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const fraction = abs % 100;
  return `${sign}${Math.floor(abs / 100)}.${fraction < 10 ? '0' : ''}${fraction}`;
}

export function compareKeys(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function grown<T extends Int32Array | Uint16Array | Float64Array>(
  data: T,
  capacity: number,
  make: (n: number) => T,
): T {
  if (capacity <= data.length) return data;
  const next = make(capacity);
  next.set(data);
  return next;
}

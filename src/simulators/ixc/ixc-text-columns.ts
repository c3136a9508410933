import {
  Column,
  compareKeys,
  grown,
  toNumber,
  type CompareMode,
  type RowTest,
  type SortKeys,
} from './ixc-columns';
import { jsonBytes, type JsonWriter } from './ixc-json-writer';
import { parseIxcDate } from './ixc-time';

const MAX_ENUM_VALUES = 65_535;

/**
 * Few distinct values (status codes, S/N flags, plan names, branch ids): one Uint16 code per row and a
 * dictionary that grows when a write brings a new value. Filters evaluate once per dictionary entry.
 */
export class EnumColumn extends Column {
  private data: Uint16Array = new Uint16Array(0);
  private readonly dictionary: string[] = [];
  private readonly printed: Uint8Array[] = [];
  private readonly codes = new Map<string, number>();

  constructor(
    name: string,
    values: readonly string[],
    defaultValue: string,
    readonly mode: 'string' | 'number' = 'string',
  ) {
    super(name, defaultValue);
    for (const value of [defaultValue, ...values]) this.codeOf(value);
  }

  /** Code of a value, adding it to the dictionary; seeding uses codes to fill rows fast. */
  codeOf(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(value);
      this.printed.push(jsonBytes(value));
      this.codes.set(value, code);
    }
    return code;
  }

  setCode(row: number, code: number): void {
    this.data[row] = code;
  }

  value(row: number): string {
    return this.dictionary[this.data[row]];
  }

  accepts(value: string): boolean {
    if (this.mode === 'number' && !Number.isFinite(toNumber(value))) return false;
    return this.codes.has(value) || this.dictionary.length < MAX_ENUM_VALUES;
  }

  write(row: number, value: string): void {
    this.data[row] = this.codeOf(value);
  }

  override writeJson(row: number, out: JsonWriter): void {
    out.bytes(this.printed[this.data[row]]);
  }

  fillDefault(from: number, to: number): void {
    this.data.fill(this.codeOf(this.defaultValue), from, to);
  }

  override resize(capacity: number): void {
    this.data = grown(this.data, capacity, (n) => new Uint16Array(n));
  }

  override key(row: number): number {
    return toNumber(this.dictionary[this.data[row]]);
  }

  override keyTest(test: (key: number) => boolean): RowTest {
    return this.byCode(this.dictionary.map((value) => test(toNumber(value))));
  }

  override textTest(test: (text: string) => boolean): RowTest {
    return this.byCode(this.dictionary.map((value) => test(value.toLowerCase())));
  }

  override sortKeys(size: number): SortKeys {
    const keys = this.dictionary.map((value) =>
      this.mode === 'number' ? toNumber(value) : value.toLowerCase(),
    );
    const byKey = [...keys.keys()].sort((a, b) => compareKeys(keys[a], keys[b]));
    // Values equal but for case ('a', 'A') share a rank, as they compare equal in MySQL.
    const rankOf = new Float64Array(keys.length);
    byKey.forEach((code, i) => {
      rankOf[code] = i > 0 && keys[byKey[i - 1]] === keys[code] ? rankOf[byKey[i - 1]] : i;
    });
    const out = new Float64Array(size);
    for (let row = 0; row < size; row++) out[row] = rankOf[this.data[row]];
    return out;
  }

  private byCode(matches: boolean[]): RowTest {
    const data = this.data;
    return (row) => matches[data[row]];
  }
}

/** Free text per row (names, documents, phones); only the small tables use it. */
export class TextColumn extends Column {
  private data: string[] = [];

  constructor(
    name: string,
    defaultValue = '',
    readonly mode: CompareMode = 'string',
  ) {
    super(name, defaultValue);
  }

  value(row: number): string {
    return this.data[row];
  }

  accepts(value: string): boolean {
    return this.mode !== 'time' || value.trim() === '' || parseIxcDate(value) !== undefined;
  }

  write(row: number, value: string): void {
    this.data[row] = value;
  }

  fillDefault(from: number, to: number): void {
    for (let row = from; row < to; row++) this.data[row] = this.defaultValue;
  }
}

/**
 * A value computed from the row (ids, hashes of the seed, other columns) so that 500k rows of boleto
 * numbers and addresses cost no memory; a write stores an override for that row only.
 */
export class DerivedColumn extends Column {
  private readonly overrides = new Map<number, string>();
  private printedConstant: Uint8Array | undefined;

  /** The same value on every row (until a write overrides one). */
  static constant(name: string, value: string, mode: CompareMode = 'string'): DerivedColumn {
    const column = new DerivedColumn(name, () => value, mode);
    column.printedConstant = jsonBytes(value);
    return column;
  }

  constructor(
    name: string,
    private readonly compute: (row: number) => string,
    readonly mode: CompareMode = 'string',
  ) {
    super(name, '');
  }

  value(row: number): string {
    return this.overrides.get(row) ?? this.compute(row);
  }

  accepts(value: string): boolean {
    return this.mode !== 'time' || value.trim() === '' || parseIxcDate(value) !== undefined;
  }

  write(row: number, value: string): void {
    this.overrides.set(row, value);
  }

  override writeJson(row: number, out: JsonWriter): void {
    if (this.printedConstant && this.overrides.size === 0) out.bytes(this.printedConstant);
    else out.string(this.value(row));
  }

  /** Rows are only ever appended, never reused, so a new row has no override to clear. */
  fillDefault(): void {}
}

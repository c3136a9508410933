import { toNumber, type Column, type RowTest } from './ixc-columns';
import { parseIxcDate, ZERO_DATE_KEY } from './ixc-time';

/** The official operators (integrations.md §1.3), after aliases (`GE`, `LE`, `<>`) are resolved. */
export const IXC_OPERATORS = ['=', '!=', '>', '<', '>=', '<=', 'L', 'NL', 'IN', 'NI', 'BE', 'NBE'] as const;
export type IxcOperator = (typeof IXC_OPERATORS)[number];

export interface Condition {
  column: Column;
  operator: IxcOperator;
  value: string;
  /** second bound of BE/NBE (`P2`) */
  value2: string;
}

type Comparison = '=' | '!=' | '>' | '<' | '>=' | '<=';

/**
 * A row test for one condition, with MySQL's semantics as IXC shows them: ids and money compare as
 * numbers, dates chronologically (filters may be written `dd/mm/yyyy` or ISO), text case-insensitively.
 * A value that does not parse as the column's type falls back to comparing the printed text.
 */
export function compileCondition({ column, operator, value, value2 }: Condition): RowTest {
  switch (operator) {
    case 'L':
      return column.textTest(likeTest(value));
    case 'NL': {
      const like = likeTest(value);
      return column.textTest((text) => !like(text));
    }
    case 'IN':
    case 'NI': {
      const inList = membership(column, splitList(value));
      return operator === 'IN' ? inList : (row) => !inList(row);
    }
    case 'BE':
    case 'NBE':
      return between(column, value, value2, operator === 'NBE');
    default:
      return comparison(column, operator, value);
  }
}

function comparison(column: Column, operator: Comparison, value: string): RowTest {
  const key = keyOf(column, value);
  if (key === undefined) {
    const text = value.toLowerCase();
    return column.textTest((candidate) => compare(operator, candidate, text));
  }
  return column.keyTest((candidate) => compare(operator, candidate, key));
}

function compare<T extends number | string>(operator: Comparison, a: T, b: T): boolean {
  switch (operator) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    case '<=':
      return a <= b;
  }
}

function between(column: Column, low: string, high: string, negated: boolean): RowTest {
  const lowKey = keyOf(column, low);
  const highKey = keyOf(column, high);
  if (lowKey === undefined || highKey === undefined) {
    const [lowText, highText] = [low.toLowerCase(), high.toLowerCase()];
    return column.textTest((text) => (text >= lowText && text <= highText) !== negated);
  }
  // Quirk (integrations.md §1.3): IXC's BE on a date column also returns every `0000-00-00` row.
  const zeroMatches = column.mode === 'time' && !negated;
  return column.keyTest(
    (key) => (zeroMatches && key === ZERO_DATE_KEY) || (key >= lowKey && key <= highKey) !== negated,
  );
}

function membership(column: Column, items: string[]): RowTest {
  if (column.mode === 'string') {
    const wanted = new Set(items.map((item) => item.toLowerCase()));
    return column.textTest((text) => wanted.has(text));
  }
  const keys = new Set<number>();
  for (const item of items) {
    const key = keyOf(column, item);
    if (key !== undefined) keys.add(key);
  }
  return column.keyTest((key) => keys.has(key));
}

/** `"13,15"` officially; some scripts send `"'A','DS','AN'"`, which IXC also understands. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim().replace(/^'(.*)'$/, '$1'))
    .filter((item) => item !== '');
}

/** Comparison key of a filter value for number/time columns; undefined when it does not parse. */
function keyOf(column: Column, value: string): number | undefined {
  if (column.mode === 'string') return undefined;
  if (column.mode === 'time') return value.trim() === '' ? ZERO_DATE_KEY : parseIxcDate(value);
  const key = toNumber(value);
  return Number.isNaN(key) ? undefined : key;
}

/** `L` is SQL `LIKE '%value%'`: contains, case-insensitive, with `%` and `_` as wildcards. */
function likeTest(value: string): (text: string) => boolean {
  const pattern = value
    .toLowerCase()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  const regex = new RegExp(pattern, 's');
  return (text) => regex.test(text);
}

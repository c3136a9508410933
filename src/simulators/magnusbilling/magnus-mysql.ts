import type { UserColumn, UserValue } from './magnus-user-columns';

/**
 * The MariaDB semantics a filter or a sort runs into (`utf8_general_ci` columns, PDO-bound parameters):
 * text compares case- and accent-insensitively and ignores trailing spaces for `=`, but not for LIKE;
 * a text column compared with a number is converted to a number (`'' = 0` is true); NULL matches nothing.
 */

/** A bound parameter: PDO binds PHP ints as numbers and everything else as strings. */
export type SqlParam = string | number | null;

/** MySQL's string-to-number conversion: the longest numeric prefix, else 0. */
export function mysqlNumber(text: string): number {
  const prefix = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text);
  return prefix ? Number(prefix[0].trim()) : 0;
}

/** `utf8_general_ci`: `João` equals `joao`. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function isNumericColumn(column: UserColumn): boolean {
  return column.kind === 'int' || column.kind === 'decimal' || column.kind === 'float';
}

/** `column <op> param` as a sign (-1, 0, 1), or null when SQL would yield NULL. */
export function compareSql(
  column: UserColumn,
  value: UserValue,
  param: SqlParam,
  binary = false,
): number | null {
  if (value === null || param === null) return null;
  if (isNumericColumn(column) || typeof param === 'number') {
    const left = typeof value === 'number' ? value : mysqlNumber(value);
    const right = typeof param === 'number' ? param : mysqlNumber(param);
    return Math.sign(left - right);
  }
  if (column.kind === 'datetime') return sign(String(value), asDateTime(param));
  // PAD SPACE collations ignore trailing spaces in `=` and `<`: `'  ' = ''` is true.
  const left = String(value).replace(/ +$/, '');
  const right = param.replace(/ +$/, '');
  return binary ? sign(left, right) : sign(fold(left), fold(right));
}

/** `column LIKE pattern` (`%`, `_`, `\` escapes); trailing spaces count here. */
export function likeMatcher(rawPattern: string, binary = false): (value: UserValue) => boolean {
  const pattern = binary ? rawPattern : fold(rawPattern);
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]);
    else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += escapeRegExp(char);
  }
  const regex = new RegExp(`^${source}$`, 'su');
  return (value) => value !== null && regex.test(binary ? String(value) : fold(String(value)));
}

/** ORDER BY for one column: NULLs first, as MySQL sorts them ascending. */
export function orderSql(column: UserColumn, a: UserValue, b: UserValue): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (isNumericColumn(column)) {
    return Math.sign(
      (typeof a === 'number' ? a : mysqlNumber(a)) - (typeof b === 'number' ? b : mysqlNumber(b)),
    );
  }
  return sign(fold(String(a)), fold(String(b)));
}

/** A date-only string compares with a DATETIME as midnight. */
function asDateTime(param: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(param.trim()) ? `${param.trim()} 00:00:00` : param;
}

function sign(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function escapeRegExp(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

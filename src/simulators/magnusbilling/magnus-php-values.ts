/**
 * The few PHP 8 value rules the server applies to request fields before they reach SQL: `(int)` casts,
 * `is_numeric`, and loose comparisons of a request string with `0` (how `limit`, `start` and `id`
 * are judged).
 */

const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;
const NUMERIC_PREFIX = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;

export function isPhpNumeric(value: string): boolean {
  return NUMERIC.test(value);
}

/** `(int) "12abc"` is 12, `(int) "abc"` is 0, `(int) "1e3"` is 1000. */
export function phpIntCast(value: string): number {
  const prefix = NUMERIC_PREFIX.exec(value);
  if (!prefix) return 0;
  const number = Math.trunc(Number(prefix[0].trim()));
  return Number.isFinite(number) ? number : 0;
}

/**
 * `$value <=> 0` under PHP 8 rules: a numeric string compares as a number, any other string compares
 * with `"0"` as a string (so `""` is below zero and `"abc"` above it).
 */
export function phpCompareWithZero(value: string): -1 | 0 | 1 {
  if (isPhpNumeric(value)) {
    const number = Number(value.trim());
    return number < 0 ? -1 : number > 0 ? 1 : 0;
  }
  return value < '0' ? -1 : value > '0' ? 1 : 0;
}

/**
 * `json_encode` without flags: like JSON.stringify but `/` is escaped and every non-ASCII character
 * is written as `\uXXXX` (UTF-16 units, as PHP does for characters outside the BMP).
 */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

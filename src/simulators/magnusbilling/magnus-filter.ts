import { compareSql, likeMatcher, type SqlParam } from './magnus-mysql';
import { sqlError } from './magnus-error-page';
import type { MagnusReply } from './magnus-replies';
import { COLUMNS_BY_NAME, type MagnusUser, type UserColumn } from './magnus-user-columns';

/**
 * `BaseController::createCondition` (integrations.md §2.2) turned into a predicate: the `filter` field is
 * a JSON array of `{type, field, value, comparison}`. Elements without a `type`, unknown types and
 * unknown string/date comparisons are silently ignored, as the PHP `switch` does; what would break the
 * SQL (an unknown column, `IN ()`, a bound parameter the SQL never uses) is a 500.
 */

export type Predicate = (user: MagnusUser) => boolean;
export type FilterOutcome = { ok: true; predicate: Predicate } | { ok: false; reply: MagnusReply };

interface FilterItem {
  type: unknown;
  field?: unknown;
  value?: unknown;
  comparison?: unknown;
  data?: { comparison?: unknown };
  caseSensitive?: unknown;
}

const everyone: Predicate = () => true;

/** `json_decode($_POST['filter'])`: anything but a non-empty JSON array filters nothing. */
export function parseFilter(raw: string | undefined): FilterOutcome {
  let decoded: unknown;
  try {
    decoded = raw === undefined || raw === '' ? undefined : JSON.parse(raw);
  } catch {
    decoded = undefined;
  }
  if (!Array.isArray(decoded) || decoded.length === 0) return { ok: true, predicate: everyone };
  const items = decoded.filter(
    (item): item is FilterItem =>
      typeof item === 'object' && item !== null && !Array.isArray(item) && item.type != null,
  );
  // A filter PHP 8 crashes on never gets here: see magnus-sanitize.ts.
  const predicates: Predicate[] = [];
  for (const item of items) {
    const outcome = condition(item);
    if (outcome === undefined) continue;
    if ('reply' in outcome) return { ok: false, reply: outcome.reply };
    predicates.push(outcome.predicate);
  }
  return { ok: true, predicate: (user) => predicates.every((predicate) => predicate(user)) };
}

type Condition = { predicate: Predicate } | { reply: MagnusReply } | undefined;

function condition(item: FilterItem): Condition {
  const comparison = item.data?.comparison ?? item.comparison;
  if (item.type === 'string' && comparison === 'ct' && Array.isArray(item.field)) {
    return containsAny(item.field, item.value, Boolean(item.caseSensitive));
  }
  const column = columnOf(item.field);
  if ('reply' in column) return column;
  const param = bound(item.value);
  switch (item.type) {
    case 'date':
      return dateCondition(column, comparison, param);
    case 'string':
      return stringCondition(column, comparison, param, Boolean(item.caseSensitive));
    case 'boolean':
      return compare(column, phpIntOf(item.value), (sign) => sign === 0);
    case 'numeric':
      return numericCondition(column, comparison, param);
    case 'list':
    case 'notlist':
      return listCondition(column, item.type === 'notlist', item.value);
    default:
      return undefined;
  }
}

function dateCondition(column: UserColumn, comparison: unknown, param: SqlParam): Condition {
  if (comparison === 'eq') return like(column, `${String(param ?? 'NULL').split(' ')[0]}%`, false);
  if (comparison === 'lt') return compare(column, param, (sign) => sign < 0);
  if (comparison === 'gt') return compare(column, param, (sign) => sign > 0);
  return undefined;
}

function stringCondition(column: UserColumn, comparison: unknown, param: SqlParam, binary: boolean) {
  const value = String(param ?? 'NULL');
  switch (comparison) {
    case 'st':
      return like(column, `${value}%`, binary);
    case 'ed':
      return like(column, `%${value}`, binary);
    case 'ct':
      return like(column, `%${value.toLowerCase()}%`, binary);
    case 'eq':
      return compare(column, param, (sign) => sign === 0, binary);
    case 'df':
      return compare(column, param, (sign) => sign !== 0, binary);
    default:
      return undefined;
  }
}

function numericCondition(column: UserColumn, comparison: unknown, param: SqlParam): Condition {
  if (comparison === 'eq') return compare(column, param, (sign) => sign === 0);
  if (comparison === 'lt') return compare(column, param, (sign) => sign < 0);
  if (comparison === 'gt') return compare(column, param, (sign) => sign > 0);
  // The numeric branch binds its parameter before looking at the comparison: PDO refuses the extra one.
  return { reply: sqlError('SQLSTATE[HY093]: Invalid parameter number: parameter was not defined') };
}

function listCondition(column: UserColumn, negated: boolean, value: unknown): Condition {
  const params = (Array.isArray(value) ? value : [value]).map(bound);
  if (params.length === 0) {
    if (negated) return undefined;
    return {
      reply: sqlError(
        "SQLSTATE[42000]: Syntax error or access violation: 1064 You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near ')' at line 1",
      ),
    };
  }
  return {
    predicate: (user) => {
      const signs = params.map((param) => compareSql(column, user[column.name], param));
      if (signs.includes(0)) return !negated;
      // `x NOT IN (.., NULL)` is NULL, never true.
      return negated && !signs.includes(null);
    },
  };
}

/** `ct` over several fields: `(f1 LIKE … OR f2 LIKE …)`. */
function containsAny(fields: unknown[], value: unknown, binary: boolean): Condition {
  const columns = fields.map(columnOf);
  const failed = columns.find((column) => 'reply' in column);
  if (failed) return failed as { reply: MagnusReply };
  const match = likeMatcher(`%${String(bound(value) ?? 'NULL')}%`, binary);
  const known = columns as UserColumn[];
  return { predicate: (user) => known.some((column) => match(user[column.name])) };
}

function like(column: UserColumn, pattern: string, binary: boolean): Condition {
  const match = likeMatcher(pattern, binary);
  return { predicate: (user) => match(user[column.name]) };
}

function compare(column: UserColumn, param: SqlParam, accept: (sign: number) => boolean, binary = false) {
  return {
    predicate: (user: MagnusUser) => {
      const sign = compareSql(column, user[column.name], param, binary);
      return sign !== null && accept(sign);
    },
  };
}

/** The column a filter names: `active`, `t.active` or `#active`; anything else is unknown to MySQL. */
function columnOf(field: unknown): UserColumn | { reply: MagnusReply } {
  const name = typeof field === 'string' ? field.replace(/#/g, '') : '';
  const qualified = name.includes('.') || /^id[A-Z]/.test(name) ? name : `t.${name}`;
  const column = qualified.startsWith('t.') ? COLUMNS_BY_NAME.get(qualified.slice(2)) : undefined;
  if (column) return column;
  return {
    reply: sqlError(
      `SQLSTATE[42S22]: Column not found: 1054 Unknown column '${qualified}' in 'where clause'`,
    ),
  };
}

/** How PDO binds a decoded JSON value: ints as numbers, booleans as 1/0, the rest as text. */
function bound(value: unknown): SqlParam {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isInteger(value) ? value : String(value);
  if (typeof value === 'string') return value;
  return 'Array';
}

/** `(int) $value` for the boolean type. */
function phpIntOf(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return Math.trunc(Number(/^\s*[+-]?\d+/.exec(value)?.[0] ?? 0));
  if (Array.isArray(value)) return value.length > 0 ? 1 : 0;
  return 0;
}

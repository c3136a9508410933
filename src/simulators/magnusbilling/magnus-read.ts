import { parseFilter } from './magnus-filter';
import { orderSql } from './magnus-mysql';
import { utf8, type PhpArray } from './magnus-php-form';
import { phpCompareWithZero, phpIntCast } from './magnus-php-values';
import { sqlError } from './magnus-error-page';
import { json, type MagnusReply } from './magnus-replies';
import { apiRow, type MagnusState } from './magnus-state';
import { COLUMNS_BY_NAME, type MagnusUser, type UserColumn } from './magnus-user-columns';

/**
 * `user/read` (`BaseController::actionRead`). The API copies only `start`, `limit` and `filter` from
 * the body (`ApiAccess.php`), so `sort`/`dir` work only in the URL query; the user module's default
 * order is `t.credit DESC`. `{"rows":…,"count":…,"sum":…}`; an empty page is `{"rows":[],"count":0,"sum":[]}`
 * on the observed server (arrays, never `false`), and users have no summed columns (integrations.md §9).
 */
export function readUsers(state: MagnusState, form: PhpArray, query: Record<string, unknown>): MagnusReply {
  const filter = parseFilter(scalar(form, 'filter'));
  if (!filter.ok) return filter.reply;
  const order = orderBy(query);
  if ('reply' in order) return order.reply;

  const matching: MagnusUser[] = [];
  for (const user of sortedUsers(state, order.key, order.compare)) {
    if (filter.predicate(user)) matching.push(user);
  }
  const window = pageWindow(scalar(form, 'start') ?? '0', scalar(form, 'limit') ?? '25');
  if ('reply' in window) return window.reply;
  const page = matching.slice(window.offset, window.offset + window.limit);
  return json({
    rows: page.map(apiRow),
    count: matching.length,
    sum: [],
  });
}

/** A body field as text; an array (`limit[]=…`) reads as PHP prints it. */
function scalar(form: PhpArray, name: string): string | undefined {
  const value = form.get(name);
  if (value === undefined) return undefined;
  return typeof value === 'string' ? utf8(value) : 'Array';
}

/**
 * Yii's LIMIT/OFFSET (`CMysqlCommandBuilder::applyLimit`): `LIMIT n` only when `limit >= 0` in PHP's
 * loose comparison, `OFFSET` only when `start > 0`, and a non-positive limit with an offset means "all
 * the rest". So `limit=-1` (or an empty `limit`) returns every row, and `limit=0` none.
 */
function pageWindow(
  start: string,
  limit: string,
): { offset: number; limit: number } | { reply: MagnusReply } {
  const offset = phpCompareWithZero(start) > 0 ? phpIntCast(start) : 0;
  let rows = phpCompareWithZero(limit) >= 0 ? phpIntCast(limit) : Infinity;
  if (phpCompareWithZero(limit) <= 0 && offset > 0) rows = Infinity;
  return { offset, limit: rows };
}

type Ordering = { key: string; compare: (a: MagnusUser, b: MagnusUser) => number } | { reply: MagnusReply };

/** `ORDER BY` from `?sort=…&dir=…`; ties fall back to the id so pages stay stable. */
function orderBy(query: Record<string, unknown>): Ordering {
  const sort = typeof query.sort === 'string' ? query.sort : 't.credit DESC';
  const dir = typeof query.dir === 'string' ? query.dir : undefined;
  const expression = dir === undefined || sort.includes(',') ? sort : `${sort} ${dir}`;
  const terms: { column: UserColumn; descending: boolean }[] = [];
  for (const term of expression.split(',')) {
    const [field = '', direction = 'ASC', extra] = term.trim().split(/\s+/);
    const column = COLUMNS_BY_NAME.get(field.replace(/^t\./, ''));
    if (!column) {
      return {
        reply: sqlError(
          `SQLSTATE[42S22]: Column not found: 1054 Unknown column '${field}' in 'order clause'`,
        ),
      };
    }
    if (extra !== undefined || !/^(asc|desc)$/i.test(direction)) {
      return {
        reply: sqlError(
          `SQLSTATE[42000]: Syntax error or access violation: 1064 You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '${direction}' at line 1`,
        ),
      };
    }
    terms.push({ column, descending: /^desc$/i.test(direction) });
  }
  return {
    key: terms.map((term) => `${term.column.name}:${term.descending}`).join(','),
    compare: (a, b) => {
      for (const { column, descending } of terms) {
        const sign = orderSql(column, a[column.name], b[column.name]);
        if (sign !== 0) return descending ? -sign : sign;
      }
      return (a.id as number) - (b.id as number);
    },
  };
}

/** Sorting 20,000 users per page would dominate a paged sync: keep the order until the next write. */
function sortedUsers(state: MagnusState, key: string, compare: (a: MagnusUser, b: MagnusUser) => number) {
  const cached = state.sortCache;
  if (cached && cached.key === key && cached.version === state.version) return cached.users;
  const users = [...state.users.values()].sort(compare);
  state.sortCache = { key, version: state.version, users };
  return users;
}

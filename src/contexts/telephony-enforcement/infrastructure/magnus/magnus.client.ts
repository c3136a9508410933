import { MagnusNotFoundError, MagnusUnexpectedResponseError } from './magnus-errors';
import {
  checkFieldName,
  magnusFilterParam,
  numericFilter,
  numericListFilter,
  stringFilter,
  type MagnusFilter,
} from './magnus-filter.builder';
import { integerOrNull, toMagnusUser } from './magnus-mappers';
import type { MagnusUser } from './magnus-records';
import { parseReadResponse, parseSaveResponse, type MagnusReadPage } from './magnus-response';
import type { MagnusConnection } from './magnus-settings';
import { MagnusHttp, type MagnusClientHooks, type MagnusParams, type MagnusParse } from './magnus-http';

export type { MagnusClientHooks, MagnusRequestEvent } from './magnus-http';

export interface MagnusUserOptions {
  /** The `pkg_user` column holding the contract reference (`dist` for most ISPs, integrations.md §10). */
  contractField: string;
  /** Aborts the call, including waits for the rate limiter and between retries; not a MagnusError. */
  signal?: AbortSignal;
}

export interface MagnusListOptions extends MagnusUserOptions {
  /** Rows asked per `read`; default 500. */
  pageSize?: number;
}

/**
 * Reads are sorted by id so that pages do not overlap or skip users. Only the URL query can say so: the API
 * copies `start`/`limit`/`filter` from the body into `$_GET` but not `sort`/`dir`, and without them the user
 * module orders by `credit DESC`, which ties (and moves with every call) between pages. `BaseController`
 * rewrites `id ASC` to `t.id ASC`. The query is outside the signature, which covers `$_POST` only.
 */
const READ_ORDER = '?sort=id&dir=ASC';

export const DEFAULT_PAGE_SIZE = 500;
const USER_MODULE = 'user';
// Magnus's own UI combo (§2.5): 0 inactive, 1 active, 2 pending, 3 blocked in, 4 blocked in+out.
const ACTIVE_VALUES = new Set([0, 1, 2, 3, 4]);

/**
 * Client of one MagnusBilling 7 server (integrations.md §2, §9): the anti-corruption layer of the
 * telephony-enforcement context. Plain class: the context keeps one per tenant, so the concurrency and rate
 * limits here are the tenant's limits.
 *
 * The HTTP side (signing, limits, retries, error mapping) is {@link MagnusHttp}; this class holds the user
 * operations and how they page. Rows leave without secrets. Nothing is logged here.
 */
export class MagnusClient {
  readonly #http: MagnusHttp;

  constructor(connection: MagnusConnection, hooks: MagnusClientHooks = {}) {
    this.#http = new MagnusHttp(connection, hooks);
  }

  /** Every user, paging with `start`/`limit` until Magnus's `count` is reached. */
  listUsers(options: MagnusListOptions): Promise<MagnusUser[]> {
    checkFieldName(options.contractField, 'contractField');
    return this.readUsers([], options.contractField, pageSizeOf(options.pageSize), options.signal);
  }

  /** The user with this id, or `undefined` when Magnus has none. */
  async getUser(id: number, options: MagnusUserOptions): Promise<MagnusUser | undefined> {
    checkUserId(id);
    checkFieldName(options.contractField, 'contractField');
    const page = await this.read([numericFilter('id', 'eq', id)], 0, 25, options.signal);
    return usersOf(page, options.contractField).find((user) => user.id === id);
  }

  /**
   * The users with these ids, in one `read` per {@link DEFAULT_PAGE_SIZE} ids (a `list` filter on `id`): the
   * batch form of {@link getUser}. Ids Magnus does not have are simply absent from the answer. A reply that
   * counts more matches than ids asked for means the server ignored the filter: it throws rather than let a
   * caller take the users it did not find for missing ones.
   */
  async getUsers(ids: readonly number[], options: MagnusUserOptions): Promise<MagnusUser[]> {
    for (const id of ids) checkUserId(id);
    checkFieldName(options.contractField, 'contractField');
    const wanted = [...new Set(ids)];
    const found = new Map<number, MagnusUser>();
    for (let start = 0; start < wanted.length; start += DEFAULT_PAGE_SIZE) {
      const chunk = wanted.slice(start, start + DEFAULT_PAGE_SIZE);
      const page = await this.read([numericListFilter('id', chunk)], 0, chunk.length, options.signal);
      if (page.count !== null && page.count > chunk.length) {
        throw new MagnusUnexpectedResponseError(
          200,
          `asked for ${chunk.length} users by id, Magnus counts ${page.count}: is the id filter ignored?`,
        );
      }
      const asked = new Set(chunk);
      for (const user of usersOf(page, options.contractField))
        if (asked.has(user.id)) found.set(user.id, user);
    }
    return [...found.values()];
  }

  /**
   * Users whose username is exactly one of `usernames` (trimmed; blanks ignored). One `read` per username
   * with a string `eq` filter (after the numeric guard, see magnus-filter.builder.ts): several string filters
   * would be ANDed, and the `list` type is not needed for the handful of names a caller looks up. MySQL's
   * `=` ignores case and trailing spaces, so matches are re-checked exactly here.
   */
  async findUsersByUsername(usernames: readonly string[], options: MagnusUserOptions): Promise<MagnusUser[]> {
    const { contractField } = options;
    checkFieldName(contractField, 'contractField');
    const wanted = new Set(usernames.map((name) => name.trim()).filter((name) => name !== ''));
    if (wanted.size === 0) return [];
    // The first failure stops the lookups still queued: the call fails anyway.
    const siblings = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, siblings.signal]) : siblings.signal;
    try {
      const found = await Promise.all(
        [...wanted].map((username) =>
          this.readUsers(
            [stringFilter('username', 'eq', username)],
            contractField,
            DEFAULT_PAGE_SIZE,
            signal,
          ),
        ),
      );
      return uniqueById(found.flat()).filter((user) => wanted.has(user.username));
    } catch (error) {
      siblings.abort();
      throw error;
    }
  }

  /**
   * Users whose contract field, trimmed, equals `contractRef` trimmed. Magnus is asked with a string `ct`
   * (contains; after the numeric guard), not `eq`: MySQL's `=` misses a value typed with a leading space
   * (` 1042`), which hand-kept panels have, while `ct` finds it. The LIKE wildcards in the value are escaped,
   * and only exact trimmed matches are kept here (`ct` also matches `11042`, and ignores case).
   */
  async findUsersByContract(contractRef: string, options: MagnusUserOptions): Promise<MagnusUser[]> {
    const { contractField } = options;
    checkFieldName(contractField, 'contractField');
    const wanted = contractRef.trim();
    if (wanted === '') return [];
    const users = await this.readUsers(
      [stringFilter(contractField, 'ct', escapeLike(wanted))],
      contractField,
      DEFAULT_PAGE_SIZE,
      options.signal,
    );
    return users.filter((user) => user.contractRef === wanted);
  }

  /**
   * Saves `active` on an existing user (`save` with `id>0`, needs the key's `u` permission) and returns the
   * user as Magnus then holds it. Throws MagnusNotFoundError for an unknown id, MagnusValidationError when
   * Magnus refuses the value, and MagnusUnexpectedResponseError when Magnus answers success but the user does
   * not hold the value (a save that silently did nothing must not be reported as done).
   *
   * Retried like a read: setting `active` to a given value is idempotent, so repeating a save whose answer was
   * lost (timeout, 502) leaves the user exactly as one save would.
   */
  async setActive(id: number, active: number, options: MagnusUserOptions): Promise<MagnusUser> {
    checkUserId(id);
    if (!ACTIVE_VALUES.has(active)) throw new RangeError(`Magnus active must be 0..4, got ${active}`);
    const { contractField, signal } = options;
    checkFieldName(contractField, 'contractField');
    const params: MagnusParams = [
      ['id', String(id)],
      ['active', String(active)],
    ];
    const rows = await this.call(USER_MODULE, 'save', params, signal, parseSaveResponse);
    const savedRow = rows.find((row) => integerOrNull(row.id) === id);
    const saved = savedRow && toMagnusUser(savedRow, contractField);
    if (saved && saved.active === active) return saved;

    // The answer did not show the new value (some versions answer without the row): ask Magnus directly.
    const current = await this.getUser(id, options);
    if (current === undefined) throw new MagnusNotFoundError(200, `user ${id}`);
    if (current.active !== active) {
      throw new MagnusUnexpectedResponseError(
        200,
        `user ${id} has active=${String(current.active)} after saving active=${active}`,
      );
    }
    return current;
  }

  /** Drops queued calls and closes the connections; calls in flight finish first. */
  close(): Promise<void> {
    return this.#http.close();
  }

  /**
   * Every user matching `filters`. The first page says how many match; when it also honoured `limit`, the
   * other pages are asked for at once (the limiter spaces them) instead of one after another. Then, page
   * after page from where those ended, until Magnus's `count` is reached (users added meanwhile), or until a
   * page adds no new id: a server that ignores `start` would otherwise answer page 1 forever. `start`
   * advances by the rows actually received (a server may cap `limit`). Ending short of `count` throws,
   * because a caller asking for every user must not act on part of them.
   */
  private async readUsers(
    filters: readonly MagnusFilter[],
    contractField: string,
    pageSize: number,
    signal: AbortSignal | undefined,
  ): Promise<MagnusUser[]> {
    const byId = new Map<number, MagnusUser>();
    /** adds a page's users; how many were new */
    const add = (page: MagnusReadPage): number => {
      const before = byId.size;
      for (const user of usersOf(page, contractField)) if (!byId.has(user.id)) byId.set(user.id, user);
      return byId.size - before;
    };
    let page = await this.read(filters, 0, pageSize, signal);
    let count = page.count;
    let added = add(page);
    let start = page.rows.length;
    if (count !== null && page.rows.length === pageSize && count > start) {
      const starts: number[] = [];
      for (let next = start; next < count; next += pageSize) starts.push(next);
      const pages = await this.readPages(filters, starts, pageSize, signal);
      for (const [i, rest] of pages.entries()) {
        added = add(rest);
        count = rest.count;
        page = rest;
        start = starts[i]! + rest.rows.length;
      }
    }
    for (;;) {
      const done = count === null ? page.rows.length < pageSize : byId.size >= count;
      if (done || added === 0) break;
      page = await this.read(filters, start, pageSize, signal);
      count = page.count;
      added = add(page);
      start += page.rows.length;
    }
    if (count !== null && byId.size < count) {
      throw new MagnusUnexpectedResponseError(
        200,
        `listed ${byId.size} of ${count} users: a page brought no new user (does the server ignore "start"?)`,
      );
    }
    return [...byId.values()];
  }

  /** Several pages at once; the first failure stops the reads still queued. */
  private async readPages(
    filters: readonly MagnusFilter[],
    starts: readonly number[],
    pageSize: number,
    signal: AbortSignal | undefined,
  ): Promise<MagnusReadPage[]> {
    const siblings = new AbortController();
    const shared = signal ? AbortSignal.any([signal, siblings.signal]) : siblings.signal;
    try {
      return await Promise.all(starts.map((start) => this.read(filters, start, pageSize, shared)));
    } catch (error) {
      siblings.abort();
      throw error;
    }
  }

  private read(
    filters: readonly MagnusFilter[],
    start: number,
    limit: number,
    signal: AbortSignal | undefined,
  ): Promise<MagnusReadPage> {
    // Field order as the official PHP client's `read` sends them.
    const params: MagnusParams = [
      ['page', String(Math.floor(start / limit) + 1)],
      ['start', String(start)],
      ['limit', String(limit)],
      ['filter', magnusFilterParam(filters)],
    ];
    return this.call(USER_MODULE, 'read', params, signal, parseReadResponse, READ_ORDER);
  }

  private call<R>(
    module: string,
    action: string,
    params: MagnusParams,
    signal: AbortSignal | undefined,
    parse: MagnusParse<R>,
    query = '',
  ): Promise<R> {
    return this.#http.call({ module, action, params, query }, signal, parse);
  }
}

function usersOf(page: MagnusReadPage, contractField: string): MagnusUser[] {
  return page.rows.map((row) => toMagnusUser(row, contractField));
}

function uniqueById(users: readonly MagnusUser[]): MagnusUser[] {
  return [...new Map(users.map((user) => [user.id, user])).values()];
}

/** Magnus wraps the value as `%value%` for LIKE; MySQL's escape character is the backslash. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function checkUserId(id: number): void {
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new RangeError(`Magnus user id must be an integer > 0, got ${id}`);
}

function pageSizeOf(pageSize: number | undefined): number {
  const size = pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size <= 0)
    throw new RangeError(`Magnus pageSize must be an integer > 0, got ${size}`);
  return size;
}

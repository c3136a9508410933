import type { Request } from 'express';

export const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 100;

export type Paging = { ok: true; offset: number; limit: number } | { ok: false; error: string };

function limitOf(req: Request): number | string {
  const raw = req.query.limit;
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    return `limit must be an integer between 1 and ${MAX_LIMIT}`;
  return limit;
}

/** v2 paging: an opaque `cursor` (base64 of the next offset). */
export function cursorPaging(req: Request): Paging {
  const limit = limitOf(req);
  if (typeof limit === 'string') return { ok: false, error: limit };
  const cursor = req.query.cursor;
  if (cursor === undefined || cursor === '') return { ok: true, offset: 0, limit };
  const decoded = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const offset = /^offset:\d{1,9}$/.test(decoded) ? Number(decoded.slice(7)) : NaN;
  if (!Number.isInteger(offset)) return { ok: false, error: 'Invalid cursor' };
  return { ok: true, offset, limit };
}

export function nextCursor(offset: number, limit: number, total: number): string | null {
  return offset + limit < total ? Buffer.from(`offset:${offset + limit}`).toString('base64url') : null;
}

/** v1 paging: `start` and `limit`, answered in `additional_data.pagination`. */
export function startPaging(req: Request): Paging {
  const limit = limitOf(req);
  if (typeof limit === 'string') return { ok: false, error: limit };
  const start = req.query.start === undefined ? 0 : Number(req.query.start);
  if (!Number.isInteger(start) || start < 0)
    return { ok: false, error: 'start must be a non-negative integer' };
  return { ok: true, offset: start, limit };
}

export function v1Pagination(start: number, limit: number, total: number) {
  const more = start + limit < total;
  return { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) };
}

import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export interface Column<T> {
  name: string;
  /** Postgres array element type for unnest (`text`, `bigint`, `boolean`, `date`, `integer`, `uuid`). */
  type: string;
  value(row: T): unknown;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** What the mirror holds of a row: its content hash and the columns a caller asked for. */
export type Stored = { row_hash: string } & Record<string, unknown>;

export function rowHash<T>(columns: Array<Column<T>>, row: T): string {
  return createHash('sha1')
    .update(JSON.stringify(columns.map((c) => c.value(row))))
    .digest('base64');
}

/** The stored hash (and `extra` columns) of the rows with these ids; a plain read, no lock. */
export async function storedRows(
  tx: EntityManager,
  table: string,
  tenantId: string,
  ids: string[],
  extra: string[] = [],
): Promise<Map<string, Stored>> {
  if (ids.length === 0) return new Map();
  const rows = (await tx.query(
    `SELECT id::text AS id, row_hash${extra.map((c) => `, ${c}`).join('')} FROM ${table}
      WHERE tenant_id = $1 AND id = ANY($2::bigint[])`,
    [tenantId, ids],
  )) as Array<Stored & { id: string }>;
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Writes only the rows that are new or whose content hash differs from the stored one, in one statement
 * (rows travel as arrays, unnest). Unchanged rows are never touched — no row lock, no dead tuple, no WAL —
 * which is what makes a re-sync with few changes cheap. `extraSet` adds assignments run on rewrite only.
 * The first column is the id.
 */
export async function upsertChanged<T>(
  tx: EntityManager,
  table: string,
  tenantId: string,
  columns: Array<Column<T>>,
  rows: T[],
  stored: Map<string, Stored>,
  extraSet = '',
): Promise<UpsertCounts> {
  const changed: Array<{ row: T; hash: string }> = [];
  let inserted = 0;
  for (const row of rows) {
    const hash = rowHash(columns, row);
    const before = stored.get(String(columns[0]!.value(row)));
    if (before?.row_hash === hash) continue;
    if (!before) inserted += 1;
    changed.push({ row, hash });
  }
  if (changed.length > 0) {
    const all = [...columns.map((c) => ({ name: c.name, type: c.type })), { name: 'row_hash', type: 'text' }];
    const arrays = [...columns.map((c) => changed.map((r) => c.value(r.row))), changed.map((r) => r.hash)];
    const names = all.map((c) => c.name);
    const updates = names.filter((n) => n !== 'id').map((n) => `${n} = EXCLUDED.${n}`);
    await tx.query(
      `INSERT INTO ${table} AS t (tenant_id, ${names.join(', ')})
       SELECT $1::uuid, * FROM unnest(${all.map((c, i) => `$${i + 2}::${c.type}[]`).join(', ')})
       ON CONFLICT (tenant_id, id) DO UPDATE SET ${updates.join(', ')}, synced_at = now()${extraSet ? `, ${extraSet}` : ''}
         WHERE t.row_hash IS DISTINCT FROM EXCLUDED.row_hash`,
      [tenantId, ...arrays],
    );
  }
  return { inserted, updated: changed.length - inserted, unchanged: rows.length - changed.length };
}

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

export function rowHash<T>(columns: Array<Column<T>>, row: T): string {
  return createHash('sha1')
    .update(JSON.stringify(columns.map((c) => c.value(row))))
    .digest('base64');
}

/**
 * One statement per page: rows travel as arrays (unnest), new rows are inserted, an existing row is rewritten
 * only when its content hash differs — an unchanged row costs no write (no dead tuple, no WAL). `extraSet`
 * adds assignments run on rewrite only (e.g. resetting notice marks).
 */
export async function bulkUpsert<T>(
  tx: EntityManager,
  table: string,
  tenantId: string,
  columns: Array<Column<T>>,
  rows: T[],
  extraSet = '',
): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const all = [...columns.map((c) => ({ name: c.name, type: c.type })), { name: 'row_hash', type: 'text' }];
  const arrays = [...columns.map((c) => rows.map((r) => c.value(r))), rows.map((r) => rowHash(columns, r))];
  const names = all.map((c) => c.name);
  const updates = names.filter((n) => n !== 'id').map((n) => `${n} = EXCLUDED.${n}`);
  const [result] = (await tx.query(
    `WITH written AS (
       INSERT INTO ${table} AS t (tenant_id, ${names.join(', ')})
       SELECT $1::uuid, * FROM unnest(${all.map((c, i) => `$${i + 2}::${c.type}[]`).join(', ')})
       ON CONFLICT (tenant_id, id) DO UPDATE SET ${updates.join(', ')}, synced_at = now()${extraSet ? `, ${extraSet}` : ''}
         WHERE t.row_hash IS DISTINCT FROM EXCLUDED.row_hash
       RETURNING (xmax = 0) AS inserted)
     SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated
       FROM written`,
    [tenantId, ...arrays],
  )) as Array<{ inserted: number; updated: number }>;
  return {
    inserted: result!.inserted,
    updated: result!.updated,
    unchanged: rows.length - result!.inserted - result!.updated,
  };
}

import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export interface Column<T> {
  name: string;
  /** Postgres array element type used with unnest (`text`, `bigint`, `boolean`, `date`, `timestamp`). */
  type: string;
  value(row: T): unknown;
  /** Part of the content hash (default true). Columns IXC bumps without a real change stay out. */
  hashed?: boolean;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export function rowHash<T>(columns: Array<Column<T>>, row: T): string {
  const values = columns.filter((c) => c.hashed !== false).map((c) => c.value(row));
  return createHash('sha1').update(JSON.stringify(values)).digest('base64');
}

/**
 * One statement for a whole page: rows travel as arrays (unnest), new rows are inserted, and an
 * existing row is rewritten only when its content hash differs — unchanged rows cost no write.
 */
export async function bulkUpsert<T>(
  tx: EntityManager,
  table: string,
  tenantId: string,
  columns: Array<Column<T>>,
  rows: T[],
): Promise<UpsertCounts & { writtenIds: Set<string> }> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, writtenIds: new Set() };
  const all = [...columns.map((c) => ({ name: c.name, type: c.type })), { name: 'row_hash', type: 'text' }];
  const arrays = [...columns.map((c) => rows.map((r) => c.value(r))), rows.map((r) => rowHash(columns, r))];
  const names = all.map((c) => c.name);
  const updates = names.filter((n) => n !== 'id').map((n) => `${n} = EXCLUDED.${n}`);
  const result = (await tx.query(
    `INSERT INTO ${table} (tenant_id, ${names.join(', ')})
     SELECT $1::uuid, * FROM unnest(${all.map((c, i) => `$${i + 2}::${c.type}[]`).join(', ')})
     ON CONFLICT (tenant_id, id) DO UPDATE SET ${updates.join(', ')}, synced_at = now()
       WHERE ${table}.row_hash IS DISTINCT FROM EXCLUDED.row_hash
     RETURNING id::text AS id, (xmax = 0) AS inserted`,
    [tenantId, ...arrays],
  )) as Array<{ id: string; inserted: boolean }>;
  const inserted = result.filter((r) => r.inserted).length;
  return {
    inserted,
    updated: result.length - inserted,
    unchanged: rows.length - result.length,
    writtenIds: new Set(result.map((r) => r.id)),
  };
}

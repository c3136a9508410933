import { hash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export interface Column<T> {
  name: string;
  /** Postgres type the JSON value is cast to (`text`, `bigint`, `boolean`, `date`, `integer`, `uuid`). */
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

/** The row's column values as a JSON array: what its hash is taken of, and what travels to Postgres. */
function rowJson<T>(columns: Array<Column<T>>, row: T): string {
  return JSON.stringify(columns.map((c) => c.value(row)));
}

const hashOf = (json: string) => hash('sha1', json, 'base64');

/**
 * The stored hash (and `extra` columns) of the rows with these ids; a plain read, no lock. One primary-key
 * probe per id (a lateral subquery, kept apart by its LIMIT): with `id = ANY(…)` or a plain join the planner,
 * misled by statistics taken while the mirror was filling up, scanned every row of the tenant for each page
 * — a sync that slowed down as it grew.
 */
export async function storedRows(
  tx: EntityManager,
  table: string,
  tenantId: string,
  ids: string[],
  extra: string[] = [],
): Promise<Map<string, Stored>> {
  if (ids.length === 0) return new Map();
  const rows = (await tx.query(
    `SELECT s.* FROM unnest($2::bigint[]) AS k(id)
       CROSS JOIN LATERAL (SELECT id::text AS id, row_hash${extra.map((c) => `, ${c}`).join('')} FROM ${table}
                            WHERE tenant_id = $1 AND id = k.id LIMIT 1) AS s`,
    [tenantId, ids],
  )) as Array<Stored & { id: string }>;
  return new Map(rows.map((r) => [r.id, r]));
}

/** The rows that are new or whose content hash differs from the stored one, each with its JSON. */
export interface RowDiff<T> {
  changed: Array<{ row: T; json: string; before: Stored | undefined }>;
  inserted: number;
  unchanged: number;
}

/** Compares each row's content hash with the stored one; the first column is the id. */
export function diffRows<T>(columns: Array<Column<T>>, rows: T[], stored: Map<string, Stored>): RowDiff<T> {
  const changed: RowDiff<T>['changed'] = [];
  let inserted = 0;
  for (const row of rows) {
    const json = rowJson(columns, row);
    const rowHashValue = hashOf(json);
    const before = stored.get(String(columns[0]!.value(row)));
    if (before?.row_hash === rowHashValue) continue;
    if (!before) inserted += 1;
    changed.push({ row, json: `${json.slice(0, -1)},${JSON.stringify(rowHashValue)}]`, before });
  }
  return { changed, inserted, unchanged: rows.length - changed.length };
}

export interface WriteOptions<T> {
  /** assignments run on rewrite only (they may use `t.` and `EXCLUDED.`) */
  extraSet?: string;
  /**
   * Columns written but not hashed, after the hashed ones: inserted as given, on rewrite left to `extraSet`
   * (which must assign them).
   */
  unhashed?: Array<Column<T>>;
  /** the rows' `synced_at` (ISO timestamp) instead of the transaction's `now()` */
  syncedAt?: string;
}

/**
 * Writes the changed rows of a {@link diffRows} in one statement: they travel as one JSON parameter (an array
 * of value arrays, serialised once for the hash and the write: V8's JSON.stringify is far cheaper than the
 * driver escaping one text array per column). Unchanged rows are never touched — no row lock, no dead tuple,
 * no WAL — which is what makes a re-sync with few changes cheap. Text values must be valid Unicode without
 * NUL (jsonb refuses both); the mapper cleans them.
 */
export async function writeChanged<T>(
  tx: EntityManager,
  table: string,
  tenantId: string,
  columns: Array<Column<T>>,
  diff: RowDiff<T>,
  options: WriteOptions<T> = {},
): Promise<UpsertCounts> {
  const { changed, inserted, unchanged } = diff;
  if (changed.length > 0) {
    const unhashed = options.unhashed ?? [];
    const all = [
      ...columns.map((c) => ({ name: c.name, type: c.type })),
      { name: 'row_hash', type: 'text' },
      ...unhashed.map((c) => ({ name: c.name, type: c.type })),
    ];
    const names = all.map((c) => c.name);
    const skipped = new Set(['id', ...unhashed.map((c) => c.name)]);
    const updates = names.filter((n) => !skipped.has(n)).map((n) => `${n} = EXCLUDED.${n}`);
    const syncedAt = options.syncedAt ? '$3::timestamptz' : 'now()';
    const json = unhashed.length
      ? changed.map(
          (c) => `${c.json.slice(0, -1)},${JSON.stringify(unhashed.map((u) => u.value(c.row))).slice(1)}`,
        )
      : changed.map((c) => c.json);
    await tx.query(
      `INSERT INTO ${table} AS t (tenant_id, ${names.join(', ')}, synced_at)
       SELECT $1::uuid, ${all.map((c, i) => `(r->>${i})::${c.type}`).join(', ')}, ${syncedAt}
         FROM jsonb_array_elements($2::jsonb) AS r
       ON CONFLICT (tenant_id, id) DO UPDATE SET ${updates.join(', ')}, synced_at = EXCLUDED.synced_at${
         options.extraSet ? `, ${options.extraSet}` : ''
       }
         WHERE t.row_hash IS DISTINCT FROM EXCLUDED.row_hash`,
      options.syncedAt
        ? [tenantId, `[${json.join(',')}]`, options.syncedAt]
        : [tenantId, `[${json.join(',')}]`],
    );
  }
  return { inserted, updated: changed.length - inserted, unchanged };
}

/** {@link diffRows} then {@link writeChanged}: writes only the rows that are new or changed. */
export function upsertChanged<T>(
  tx: EntityManager,
  table: string,
  tenantId: string,
  columns: Array<Column<T>>,
  rows: T[],
  stored: Map<string, Stored>,
  options: WriteOptions<T> = {},
): Promise<UpsertCounts> {
  return writeChanged(tx, table, tenantId, columns, diffRows(columns, rows, stored), options);
}

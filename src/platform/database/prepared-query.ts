import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Statement names by text: the hot statements are few and fixed, so this stays small. */
const NAMES = new Map<string, string>();
const MAX_NAMES = 256;

function nameOf(text: string): string | undefined {
  const known = NAMES.get(text);
  if (known || NAMES.size >= MAX_NAMES) return known;
  const name = `regua_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
  NAMES.set(text, name);
  return name;
}

/**
 * One statement outside any transaction, as a named prepared statement on the pool's connection: each
 * connection parses and plans it once, then only binds and executes it, and the call skips TypeORM's
 * query runner. For the few statements on a hot path (a webhook's receipt); everything else uses
 * `DataSource.query`. The text must be fixed (values go in `values`); past a few hundred distinct texts
 * statements run unnamed, as `DataSource.query` runs them.
 */
export async function preparedQuery<Row>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query<Row & Record<string, unknown>>({ name: nameOf(text), text, values });
  return result.rows;
}

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { databaseUrl, TEST_POSTGRES_URL } from './test-env';

const MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

/** The template's name changes with the migrations, so an edited migration never reuses a stale template. */
export function templateDatabaseName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  }
  return `regua_tpl_${hash.digest('hex').slice(0, 12)}`;
}

export async function adminQuery<T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * Creates the migrated template once per migration set. Built under a temporary name and renamed
 * when complete, so a crash never leaves a half-migrated template behind.
 */
export async function ensureTemplateDatabase(): Promise<string> {
  const name = templateDatabaseName();
  const exists = await adminQuery(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
  if (exists.length > 0) return name;

  const building = `${name}_build_${process.pid}`;
  await adminQuery(`DROP DATABASE IF EXISTS ${building}`);
  await adminQuery(`CREATE DATABASE ${building}`);
  const dataSource = new DataSource(dataSourceOptions({ url: databaseUrl(building), poolSize: 1 }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  await adminQuery(`ALTER DATABASE ${building} RENAME TO ${name}`);
  await adminQuery(`ALTER DATABASE ${name} WITH is_template = true`);
  await adminQuery(
    `COMMENT ON DATABASE ${name} IS 'regua test template, created ${new Date().toISOString()}'`,
  );
  await dropStaleTemplates(name);
  return name;
}

/**
 * Templates of older migration sets are dropped once they are a day old (another checkout on the
 * same server may still be using a recent one).
 */
async function dropStaleTemplates(current: string): Promise<void> {
  const templates = await adminQuery<{ datname: string; comment: string | null }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database
      WHERE datname LIKE 'regua\\_tpl\\_%' AND datname <> $1`,
    [current],
  );
  for (const { datname, comment } of templates) {
    // A template still being built (`_build_<pid>`) has no comment yet: it is not stale, just young.
    if (datname.includes('_build_')) continue;
    const created = Date.parse(comment?.replace(/^.*created /, '') ?? '');
    if (!Number.isFinite(created) || Date.now() - created < 24 * 3_600_000) continue;
    await adminQuery(`ALTER DATABASE ${datname} WITH is_template = false`);
    await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}

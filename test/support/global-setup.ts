import { adminQuery, ensureTemplateDatabase } from './template-database';

const HOUR_MS = 3_600_000;

/** Runs once before the integration and e2e projects: migrated template, leftovers of crashed runs removed. */
export default async function globalSetup(): Promise<void> {
  await ensureTemplateDatabase();
  // Test databases are named regua_t_<base36 creation time>_<random>; drop old ones nobody uses.
  const idle = await adminQuery<{ datname: string }>(
    `SELECT datname FROM pg_database d
      WHERE datname LIKE 'regua\\_t\\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
  );
  for (const { datname } of idle) {
    const created = parseInt(datname.split('_')[2] ?? '', 36);
    if (Number.isFinite(created) && Date.now() - created > HOUR_MS) {
      await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  }
}

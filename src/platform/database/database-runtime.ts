import type { AppConfig } from '../../config/load-config';
import { EmbeddedPostgres } from './embedded-postgres';
import type { DatabaseTarget } from './data-source-options';

/** Where the database is, and how to release it when the process stops. */
export interface DatabaseRuntime extends DatabaseTarget {
  kind: 'postgres' | 'embedded';
  /** The embedded database's directory (`.regua/`); absent for a PostgreSQL server. */
  dataDir?: string;
  /** Safe to show in logs: no password. */
  description: string;
  stop(): Promise<void>;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}

/** Uses `DATABASE_URL` when set; otherwise starts the embedded PGlite server under `REGUA_DATA_DIR`. */
export async function openDatabase(config: AppConfig): Promise<DatabaseRuntime> {
  if (config.DATABASE_URL) {
    return {
      kind: 'postgres',
      url: config.DATABASE_URL,
      poolSize: config.DB_POOL_SIZE,
      description: `PostgreSQL at ${redactUrl(config.DATABASE_URL)}`,
      stop: async () => undefined,
    };
  }
  const embedded = await EmbeddedPostgres.start(config.REGUA_DATA_DIR);
  return {
    kind: 'embedded',
    url: embedded.url,
    dataDir: embedded.dataDir,
    poolSize: 1,
    description: `embedded PGlite (data in ${embedded.dataDir}, served at ${redactUrl(embedded.url)})`,
    stop: () => embedded.stop(),
  };
}

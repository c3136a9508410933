import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/** The repository root, both from sources (`src/platform/database`) and from `dist/src/platform/database`. */
const ROOT = join(__dirname, '..', '..', '..');
const EXT = __filename.endsWith('.ts') ? 'ts' : 'js';

export const MIGRATIONS_GLOB = join(ROOT, 'migrations', `*.${EXT}`);
export const ENTITIES_GLOB = join(ROOT, 'src', '**', `*.orm-entity.${EXT}`);

export interface DatabaseTarget {
  url: string;
  /** The embedded PGlite server is single-session: one connection only. */
  poolSize: number;
}

export function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  return {
    type: 'postgres',
    url: target.url,
    entities: [ENTITIES_GLOB],
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: target.poolSize, connectionTimeoutMillis: 10_000, application_name: 'regua' },
  };
}

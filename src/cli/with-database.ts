import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/load-config';
import { dataSourceOptions } from '../platform/database/data-source-options';
import { openDatabase } from '../platform/database/database-runtime';

/** Opens the configured database (embedded when DATABASE_URL is unset) for one CLI command. */
export async function withDatabase<T>(
  config: AppConfig,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const runtime = await openDatabase(config);
  const dataSource = new DataSource(dataSourceOptions(runtime));
  try {
    await dataSource.initialize();
    return await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await runtime.stop();
  }
}

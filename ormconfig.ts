/**
 * The DataSource used by the TypeORM CLI (`npm run migration:run|revert|generate`).
 * With no DATABASE_URL it opens the embedded database, exactly like the app does.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/load-config';
import { dataSourceOptions } from './src/platform/database/data-source-options';
import { openDatabase } from './src/platform/database/database-runtime';

async function createDataSource(): Promise<DataSource> {
  const runtime = await openDatabase(loadConfig());
  const dataSource = new DataSource(dataSourceOptions(runtime));
  const destroy = dataSource.destroy.bind(dataSource);
  // The CLI ends with destroy(); release the embedded server with it so the process can exit.
  dataSource.destroy = async () => {
    await destroy();
    await runtime.stop();
  };
  return dataSource;
}

export default createDataSource();

import { randomBytes } from 'node:crypto';
import { adminQuery, templateDatabaseName } from './template-database';
import { databaseUrl } from './test-env';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, fully migrated database for one test file, cloned from the template (fast). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `regua_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${templateDatabaseName()}`);
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

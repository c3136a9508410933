import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/bootstrap/create-app';
import { stopApp } from '../../src/bootstrap/run-process';
import { loadConfig, type AppConfig } from '../../src/config/load-config';
import type { DatabaseRuntime } from '../../src/platform/database/database-runtime';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  config: AppConfig;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * Boots the real application in-process on a free port, against a fresh database cloned from the
 * template. `env` overrides configuration the same way environment variables do.
 */
export async function startTestApp(
  options: { env?: Record<string, string>; extraModules?: Type[]; database?: TestDatabase } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DB_MIGRATIONS_RUN: 'false',
    DB_POOL_SIZE: '4',
    ...options.env,
    DATABASE_URL: database.url,
  });
  const runtime: DatabaseRuntime = {
    kind: 'postgres',
    url: database.url,
    poolSize: config.DB_POOL_SIZE,
    description: 'test database',
    stop: async () => undefined,
  };
  const app = await createApp({ config, database: runtime }, options.extraModules);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    database,
    close: async () => {
      await stopApp(app, runtime);
      if (!options.database) await database.drop();
    },
  };
}

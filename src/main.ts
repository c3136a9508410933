import 'reflect-metadata';
import { bootLogger } from './bootstrap/boot-logger';
import { createApp } from './bootstrap/create-app';
import { describeBroker, installShutdown } from './bootstrap/run-process';
import { ConfigError, loadConfig, type AppConfig } from './config/load-config';
import { openDatabase } from './platform/database/database-runtime';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable and its default.\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = bootLogger(config);
  log.info(
    { mode: config.REGUA_MODE, broker: describeBroker(config) },
    `Régua starting: mode=${config.REGUA_MODE} role=${config.ROLE} broker=${describeBroker(config)}`,
  );
  const database = await openDatabase(config);
  log.info({ database: database.kind }, `Database: ${database.description}`);
  try {
    const app = await createApp({ config, database });
    installShutdown(app, database, config, log);
    await app.listen(config.PORT, config.HOST);
    const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
    log.info(
      { url },
      `Régua is up at ${url} — console ${url}/, API docs ${url}/docs, metrics ${url}/metrics, readiness ${url}/readyz`,
    );
  } catch (error) {
    await database.stop().catch(() => undefined);
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Régua failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

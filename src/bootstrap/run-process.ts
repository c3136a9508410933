import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/load-config';
import { redactUrl, type DatabaseRuntime } from '../platform/database/database-runtime';
import { ShutdownState } from '../platform/lifecycle/shutdown-state';

export function describeBroker(config: AppConfig): string {
  return config.AMQP_URL ? `RabbitMQ at ${redactUrl(config.AMQP_URL)}` : 'in-process transport (no AMQP_URL)';
}

/** Stops taking work at once, then closes the app (draining in-flight work) and the database. */
export async function stopApp(app: INestApplication, database: DatabaseRuntime): Promise<void> {
  app.get(ShutdownState).begin();
  await app.close();
  await database.stop();
}

/**
 * Graceful stop on SIGTERM/SIGINT: readiness turns 503 and the process keeps serving for
 * SHUTDOWN_DRAIN_MS (a load balancer notices and stops sending), then the HTTP server stops accepting and finishes
 * in-flight requests, schedulers/consumers drain (bounded by SHUTDOWN_TIMEOUT_MS), connections
 * close, and the process exits 0. A second signal, or the deadline passing, exits 1 at once.
 */
export function installShutdown(
  app: NestExpressApplication,
  database: DatabaseRuntime,
  config: AppConfig,
  log: Logger,
): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      log.warn({ signal }, 'Second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'Shutting down: no new work, finishing in-flight work');
    const deadline = setTimeout(
      () => {
        log.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'Shutdown deadline passed: exiting');
        process.exit(1);
      },
      config.SHUTDOWN_DRAIN_MS + config.SHUTDOWN_TIMEOUT_MS + 5_000,
    );
    deadline.unref();
    try {
      app.get(ShutdownState).begin();
      if (config.SHUTDOWN_DRAIN_MS > 0) {
        log.info(
          { drainMs: config.SHUTDOWN_DRAIN_MS },
          'Readiness is 503: draining before the listener closes',
        );
        await new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DRAIN_MS));
      }
      await stopApp(app, database);
      log.info('Stopped cleanly');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'Error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', (s) => void stop(s));
  process.on('SIGINT', (s) => void stop(s));
}

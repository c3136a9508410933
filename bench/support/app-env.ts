import { cleanEnv } from '../../test/support/app-process';
import { TEST_AMQP_URL } from '../../test/support/test-env';

/** A cron expression that never fires within a benchmark (1 January, 00:00). */
export const NEVER = '0 0 1 1 *';

/**
 * The environment of Régua started by a benchmark: demo mode against the given simulators, a fresh
 * database, RabbitMQ under a namespace of its own, the schedules that would touch IXC or Magnus while a
 * run is measured turned off, the heap limit `npm start` uses (APP_NODE_OPTIONS replaces it), and the
 * tuning variables of `passThrough` taken from this process's environment. `extra` wins over all of it.
 */
export function benchAppEnv(options: {
  databaseUrl: string;
  port: number;
  simulatorsUrl: string;
  namespace: string;
  seed?: number;
  passThrough?: RegExp;
  extra?: Record<string, string>;
}): NodeJS.ProcessEnv {
  const passed = options.passThrough
    ? Object.entries(process.env).filter(
        (entry): entry is [string, string] => options.passThrough!.test(entry[0]) && entry[1] !== undefined,
      )
    : [];
  return cleanEnv({
    DATABASE_URL: options.databaseUrl,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    REGUA_MODE: 'demo',
    REGUA_SECRET_KEY: 'ab'.repeat(32),
    ROLE: 'all',
    DEMO_SIMULATORS_URL: options.simulatorsUrl,
    SIMULATORS_SEED: String(options.seed ?? 1),
    AMQP_URL: TEST_AMQP_URL,
    AMQP_NAMESPACE: options.namespace,
    ENFORCEMENT_CRON: NEVER,
    IXC_INCREMENTAL_CRON: NEVER,
    IXC_FULL_CRON: NEVER,
    IXC_AUTOMATION_CRON: NEVER,
    NODE_OPTIONS: process.env.APP_NODE_OPTIONS ?? '--max-old-space-size=256',
    ...Object.fromEntries(passed),
    ...options.extra,
  });
}

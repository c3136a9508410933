import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../config/load-config';
import { runSimulatorsStandalone } from '../platform/demo/demo-environment';
import { listDeadLetters, replayDeadLetter } from './dead-letters.command';
import { createAdminCommand } from './create-admin.command';
import { enforceCommand } from './enforce.command';
import { migrateCommand } from './migrate.command';

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
};
const integer = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
};

type SimulatorSettings = Record<string, Record<string, unknown>>;

function collectSetting(value: string, previous: SimulatorSettings): SimulatorSettings {
  const match = /^([a-z0-9-]+)\.([A-Za-z0-9_]+)=(.*)$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected <simulator>.<key>=<value>');
  const [, simulator, key, raw] = match as unknown as [string, string, string, string];
  const parsed: unknown = /^-?\d+(\.\d+)?$/.test(raw)
    ? Number(raw)
    : raw === 'true'
      ? true
      : raw === 'false'
        ? false
        : raw;
  return { ...previous, [simulator]: { ...previous[simulator], [key]: parsed } };
}

function config() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const program = new Command()
  .name('regua')
  .description('Régua operations CLI. Reads the same environment variables as the app (see .env.example).')
  .showHelpAfterError();

program
  .command('migrate')
  .description('Apply pending database migrations (or revert the last one with --revert)')
  .option('--revert', 'revert the most recent migration')
  .action(async (opts: { revert?: boolean }) => {
    await migrateCommand(config(), { revert: Boolean(opts.revert) });
  });

program
  .command('create-admin')
  .description('Create an admin user (and its tenant when missing)')
  .requiredOption('--email <email>', 'the admin e-mail (login)')
  .option('--password <password>', 'the password (min. 12 chars); defaults to $ADMIN_PASSWORD')
  .option('--tenant <slug>', 'tenant slug', 'default')
  .option('--tenant-name <name>', 'tenant display name (when the tenant is created)')
  .action(async (opts: { email: string; password?: string; tenant: string; tenantName?: string }) => {
    const password = opts.password ?? process.env.ADMIN_PASSWORD;
    if (!password) {
      console.error('A password is required: pass --password or set ADMIN_PASSWORD.');
      process.exit(2);
    }
    await createAdminCommand(config(), { ...opts, password });
  });

const deadLetters = program.command('dead-letters').description('Messages consumers gave up on');
deadLetters
  .command('list')
  .description('List dead letters, newest first (every tenant)')
  .option('--consumer <name>', 'only this consumer (queue name)')
  .option('--limit <n>', 'how many', integer, 50)
  .option('--offset <n>', 'skip this many', integer, 0)
  .action(async (opts: { consumer?: string; limit: number; offset: number }) => {
    await listDeadLetters(config(), opts);
  });
deadLetters
  .command('replay <id>')
  .description('Deliver a dead letter again to the consumer that gave up on it')
  .action(async (id: string) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) {
      console.error(`"${id}" is not a dead-letter id (a UUID).`);
      process.exit(2);
    }
    await replayDeadLetter(config(), id);
  });

program
  .command('simulators')
  .description('Run every external-system simulator standalone on one port and print their URLs')
  .option('--host <host>', 'interface to bind', '127.0.0.1')
  .option('--port <port>', 'port (0 = any free port)', port, 4100)
  .option('--seed <seed>', 'seed for the generated data', integer, 1)
  .option(
    '--set <simulator.key=value>',
    'a simulator setting, repeatable (e.g. --set ixc.customers=50000 --set ixc.receivables=500000)',
    collectSetting,
    {},
  )
  .action(async (opts: { host: string; port: number; seed: number; set: SimulatorSettings }) => {
    const host = await runSimulatorsStandalone({
      host: opts.host,
      port: opts.port,
      seed: opts.seed,
      settings: opts.set,
    });
    console.log(`Simulators listening at ${host.baseUrl} (Ctrl-C to stop)`);
    const stop = (): void => {
      void host.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

const collect = (value: string, previous: string[]): string[] => [...previous, value];

program
  .command('enforce')
  .description(
    'Run telephony enforcement on a running Régua (HTTP API) and print the plan as a table; needs an API key',
  )
  .option(
    '--dry-run',
    'decide and read Magnus but write nothing (any API key); without it an admin key is needed',
  )
  .option('--user <username>', 'only this Magnus user (repeatable)', collect, [])
  .option('--force', 'apply even if the safety breaker would hold the run (admin)')
  .option('--all', 'list NoChange decisions too')
  .option('--json', 'print the run and its actions as JSON')
  .option('--url <url>', 'where Régua answers ($REGUA_URL)', process.env.REGUA_URL ?? 'http://127.0.0.1:3000')
  .option('--api-key <key>', 'an API key of the tenant ($REGUA_API_KEY)', process.env.REGUA_API_KEY)
  .option('--timeout <seconds>', 'how long to wait for the run', integer, 600)
  .action(
    async (opts: {
      dryRun?: boolean;
      user: string[];
      force?: boolean;
      all?: boolean;
      json?: boolean;
      url: string;
      apiKey?: string;
      timeout: number;
    }) => {
      if (!opts.apiKey) {
        console.error(
          'An API key is required: pass --api-key or set REGUA_API_KEY (POST /api/v1/admin/api-keys, scopes enforcement:read and enforcement:write).',
        );
        process.exit(2);
      }
      const run = await enforceCommand({
        url: opts.url,
        apiKey: opts.apiKey,
        dryRun: Boolean(opts.dryRun),
        users: opts.user,
        force: Boolean(opts.force),
        includeNoChange: Boolean(opts.all),
        json: Boolean(opts.json),
        timeoutMs: opts.timeout * 1000,
      });
      process.exitCode = run.status === 'completed' ? 0 : 3;
    },
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

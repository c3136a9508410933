import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/platform/database/embedded-postgres';
import { call } from '../support/access-client';
import {
  cleanEnv,
  freePort,
  runScript,
  runToEnd,
  waitReady,
  type RunningProcess,
} from '../support/app-process';

const CLI = 'src/cli/main.ts';
const PASSWORD = 'a long operator password';

/**
 * The embedded database is single-session and the running app holds it: the operator commands must
 * still work, through the app, without stopping it.
 */
describe('the CLI against a running app on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'regua-cli-'));
  let env: NodeJS.ProcessEnv;
  let base: string;
  let app: RunningProcess | undefined;
  let deadLetterId: string;

  beforeAll(async () => {
    const port = await freePort();
    env = cleanEnv({ PORT: String(port), REGUA_DATA_DIR: dataDir, HOST: '127.0.0.1' });
    base = `http://127.0.0.1:${port}`;

    // A dead letter to work on, written before the app takes the database.
    const migrated = await runToEnd(CLI, ['migrate'], env);
    expect(migrated.code).toBe(0);
    const db = await EmbeddedPostgres.start(dataDir);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO messaging.dead_letters (consumer, message_id, routing_key, payload, headers, attempts, error)
       VALUES ('fixture.broken', gen_random_uuid(), 'fixture.thing.happened.v1', '{"n":1}', '{}', 5,
               'Error: downstream rejected') RETURNING id`,
    );
    deadLetterId = rows[0]!.id;
    await client.end();
    await db.stop();

    app = runScript('src/main.ts', [], env);
    await waitReady(base, 60_000);
  });
  afterAll(async () => {
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates an admin in the running app, who can log in at once; refuses bad input and duplicates', async () => {
    const created = await runToEnd(
      CLI,
      ['create-admin', '--email', 'Ops@Example.com', '--password', PASSWORD, '--tenant', 'acme-isp'],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created admin ops@example.com \(id [0-9a-f-]{36}\) in tenant "acme-isp"/);

    const login = await call(base, 'POST', '/api/v1/auth/login', {
      body: { email: 'ops@example.com', password: PASSWORD, tenant: 'acme-isp' },
    });
    expect(login.status).toBe(200);

    const duplicate = await runToEnd(
      CLI,
      ['create-admin', '--email', 'ops@example.com', '--password', PASSWORD, '--tenant', 'acme-isp'],
      env,
    );
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/ACCESS.USER_ALREADY_EXISTS/);

    const bad = await runToEnd(CLI, ['create-admin', '--email', 'nope', '--password', PASSWORD], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/ACCESS.INVALID_INPUT: "nope" is not a valid email address/);
  });

  it('lists and replays dead letters through the running app, once', async () => {
    const listed = await runToEnd(CLI, ['dead-letters', 'list', '--consumer', 'fixture.broken'], env);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(deadLetterId);
    expect(listed.stdout).toMatch(
      /fixture\.broken\s+fixture\.thing\.happened\.v1\s+attempts=5\s+not replayed/,
    );

    const replayed = await runToEnd(CLI, ['dead-letters', 'replay', deadLetterId], env);
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(/Replay of [0-9a-f-]{36} queued for fixture\.broken/);

    const again = await runToEnd(CLI, ['dead-letters', 'replay', deadLetterId], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/MESSAGING.DEAD_LETTER_ALREADY_REPLAYED/);

    const after = await runToEnd(CLI, ['dead-letters', 'list'], env);
    expect(after.stdout).toMatch(/attempts=5\s+replayed \d{4}-/);
  });

  it('announces its control channel to its owner only, and refuses a caller without the token', async () => {
    const file = join(dataDir, 'control.json');
    expect(statSync(file).mode & 0o077).toBe(0);
    const endpoint = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; url: string; token: string };
    expect(endpoint.pid).toBe(app?.child.pid);
    expect(new URL(endpoint.url).hostname).toBe('127.0.0.1');

    const body = JSON.stringify({ limit: 10, offset: 0 });
    const anonymous = await fetch(`${endpoint.url}/dead-letters.list`, { method: 'POST', body });
    const wrong = await fetch(`${endpoint.url}/dead-letters.list`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${endpoint.token.slice(1)}x` },
    });
    expect([anonymous.status, wrong.status]).toEqual([401, 401]);
    const bad = await fetch(`${endpoint.url}/dead-letters.list`, {
      method: 'POST',
      body: JSON.stringify({ limit: -1, offset: 0 }),
      headers: { authorization: `Bearer ${endpoint.token}` },
    });
    expect(bad.status).toBe(400);
  });

  it('removes the announcement when the app stops; the CLI then opens the database itself', async () => {
    app?.child.kill('SIGINT');
    expect(await app?.exited).toBe(0);
    expect(existsSync(join(dataDir, 'control.json'))).toBe(false);

    const listed = await runToEnd(CLI, ['dead-letters', 'list', '--consumer', 'fixture.broken'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(deadLetterId);
  });
});

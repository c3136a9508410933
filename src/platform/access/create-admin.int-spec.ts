import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { cleanEnv, runToEnd } from '../../../test/support/app-process';
import { verifyPassword } from './password-hasher';

describe('regua create-admin (CLI, real Postgres)', () => {
  let database: TestDatabase;
  beforeAll(async () => (database = await createTestDatabase()));
  afterAll(() => database?.drop());

  const env = () => cleanEnv({ DATABASE_URL: database.url });

  it('creates the tenant and an admin whose password verifies; refuses a duplicate', async () => {
    const created = await runToEnd(
      'src/cli/main.ts',
      [
        'create-admin',
        '--email',
        'Ops@Example.com',
        '--password',
        'correct horse battery',
        '--tenant',
        'acme-isp',
      ],
      env(),
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created admin ops@example.com .* in tenant "acme-isp"/);

    const client = new Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT u.email, u.role, u.password_hash, t.slug FROM access.users u JOIN access.tenants t ON t.id = u.tenant_id`,
    );
    await client.end();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: 'ops@example.com', role: 'admin', slug: 'acme-isp' });
    expect(rows[0].password_hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', rows[0].password_hash)).toBe(true);
    expect(await verifyPassword('wrong password!', rows[0].password_hash)).toBe(false);

    const duplicate = await runToEnd(
      'src/cli/main.ts',
      [
        'create-admin',
        '--email',
        'ops@example.com',
        '--password',
        'another password',
        '--tenant',
        'acme-isp',
      ],
      env(),
    );
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/ACCESS.USER_ALREADY_EXISTS/);
  });

  it.each([
    [['--email', 'not-an-email', '--password', 'long enough password'], /not a valid email/],
    [['--email', 'a@example.com', '--password', 'short'], /at least 12 characters/],
    [
      ['--email', 'a@example.com', '--password', 'long enough password', '--tenant', 'Bad Slug'],
      /valid tenant slug/,
    ],
  ])('rejects bad input %j with a clear message and writes nothing', async (args, message) => {
    const result = await runToEnd('src/cli/main.ts', ['create-admin', ...args], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM access.users WHERE email = 'a@example.com'`,
    );
    await client.end();
    expect(rows[0].n).toBe(0);
  });
});

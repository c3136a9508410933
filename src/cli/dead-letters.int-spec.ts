import { Client } from 'pg';
import { cleanEnv, runToEnd } from '../../test/support/app-process';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';

describe('regua dead-letters (CLI)', () => {
  let database: TestDatabase;
  let id: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query(
      `INSERT INTO messaging.dead_letters (consumer, message_id, routing_key, payload, headers, attempts, error)
       VALUES ('fixture.broken', gen_random_uuid(), 'fixture.thing.happened.v1', '{"n":1}', '{"correlationId":"c-1"}', 5,
               'Error: downstream rejected') RETURNING id`,
    );
    id = rows[0].id;
    await client.end();
  });
  afterAll(() => database?.drop());

  const env = () => cleanEnv({ DATABASE_URL: database.url });

  it('lists dead letters with their error and attempts', async () => {
    const listed = await runToEnd(
      'src/cli/main.ts',
      ['dead-letters', 'list', '--consumer', 'fixture.broken'],
      env(),
    );
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toMatch(
      /fixture\.broken\s+fixture\.thing\.happened\.v1\s+attempts=5\s+not replayed/,
    );
    expect(listed.stdout).toContain('Error: downstream rejected');
  });

  it('replays one through the outbox, once', async () => {
    const replayed = await runToEnd('src/cli/main.ts', ['dead-letters', 'replay', id], env());
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT exchange, routing_key, payload FROM messaging.outbox WHERE published_at IS NULL`,
    );
    await client.end();
    expect(rows).toEqual([{ exchange: '', routing_key: 'fixture.broken', payload: { n: 1 } }]);

    const again = await runToEnd('src/cli/main.ts', ['dead-letters', 'replay', id], env());
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/MESSAGING.DEAD_LETTER_ALREADY_REPLAYED/);
  });

  it('rejects an id that is not a UUID', async () => {
    const bad = await runToEnd('src/cli/main.ts', ['dead-letters', 'replay', 'nope'], env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a dead-letter id/);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabaseBusyError, EmbeddedPostgres } from './embedded-postgres';

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('EmbeddedPostgres (PGlite over the wire protocol)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'regua-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps data across a stop and a restart', async () => {
    const first = await EmbeddedPostgres.start(dataDir);
    await withClient(first.url, async (c) => {
      await c.query('CREATE TABLE kept (id int primary key, note text)');
      await c.query(`INSERT INTO kept VALUES (1, 'survives restarts')`);
    });
    await first.stop();

    const second = await EmbeddedPostgres.start(dataDir);
    try {
      const rows = await withClient(second.url, async (c) => (await c.query('SELECT note FROM kept')).rows);
      expect(rows).toEqual([{ note: 'survives restarts' }]);
    } finally {
      await second.stop();
    }
  });

  it('refuses a second process on the same data directory while the first is alive', async () => {
    const { spawn } = await import('node:child_process');
    // A live process that is not us holds the lock.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dataDir, 'embedded.lock'), String(holder.pid));
    try {
      await expect(EmbeddedPostgres.start(dataDir)).rejects.toBeInstanceOf(EmbeddedDatabaseBusyError);
    } finally {
      holder.kill();
    }
  });

  it('takes over a stale lock left by a crashed process', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dataDir, 'embedded.lock'), '999999');
    const db = await EmbeddedPostgres.start(dataDir);
    await db.stop();
  });
});

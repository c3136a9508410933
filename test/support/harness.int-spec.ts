import { connect } from 'amqplib';
import { Client } from 'pg';
import { BrokerNamespace } from './broker';
import { createTestDatabase } from './database';
import { eventually } from './eventually';

describe('test harness', () => {
  it('gives each test file its own migrated database, dropped afterwards', async () => {
    const [one, two] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(one.name).not.toBe(two.name);
    const client = new Client({ connectionString: one.url });
    await client.connect();
    const { rows } = await client.query(`SELECT name FROM migrations ORDER BY id`);
    await client.query(`CREATE TABLE only_in_one (id int)`);
    await client.end();
    expect(rows.length).toBeGreaterThan(0);

    const other = new Client({ connectionString: two.url });
    await other.connect();
    const seen = await other.query(`SELECT to_regclass('public.only_in_one') AS t`);
    await other.end();
    expect(seen.rows[0].t).toBeNull();

    await Promise.all([one.drop(), two.drop()]);
    const admin = new Client({ connectionString: one.url.replace(one.name, 'postgres') });
    await admin.connect();
    const left = await admin.query(`SELECT 1 FROM pg_database WHERE datname = ANY($1)`, [
      [one.name, two.name],
    ]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });

  it('gives each test file unique RabbitMQ names and deletes them afterwards', async () => {
    const ns = new BrokerNamespace();
    const queue = ns.queue('harness.check');
    expect(queue.startsWith(`${ns.prefix}.`)).toBe(true);
    expect(new BrokerNamespace().prefix).not.toBe(ns.prefix);

    const connection = await connect(ns.url);
    const channel = await connection.createChannel();
    await channel.assertQueue(queue, { durable: true });
    channel.sendToQueue(queue, Buffer.from('hello'), { persistent: true });
    const received: string[] = [];
    await channel.consume(queue, (msg) => {
      if (msg) {
        received.push(msg.content.toString());
        channel.ack(msg);
      }
    });
    await eventually(() => received.length === 1, { description: 'the message to arrive' });
    await channel.close();

    await ns.cleanup();
    const probe = await connection.createChannel();
    const gone = new Promise<unknown>((resolve) => probe.once('error', resolve));
    await expect(probe.checkQueue(queue)).rejects.toThrow(/NOT_FOUND/);
    await gone;
    await connection.close();
  });

  it('eventually reports what it was waiting for on timeout', async () => {
    await expect(eventually(() => false, { timeoutMs: 100, description: 'the impossible' })).rejects.toThrow(
      /Timed out after 100 ms waiting for the impossible/,
    );
  });
});

import { DataSource } from 'typeorm';
import { BrokerNamespace } from '../../../test/support/broker';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { eventually } from '../../../test/support/eventually';
import {
  BrokenConsumer,
  EFFECTS_DDL,
  MessagingFixturesModule,
  ThingHappenedEvent,
} from '../../../test/support/messaging-fixtures';
import { restartLocalBroker } from '../../../test/support/rabbitmq-admin';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { TEST_AMQP_URL } from '../../../test/support/test-env';
import { ExecutionContext } from '../../shared/context/execution-context';
import { DeadLetterAlreadyReplayedError, DeadLetters } from './dead-letters';
import { Outbox } from './outbox';
import { MessageTransport } from './transports/message-transport';
import { RabbitMqTransport } from './transports/rabbitmq.transport';

const TENANT = '00000000-0000-4000-8000-000000000001';

const TRANSPORTS = [
  {
    transport: 'rabbitmq',
    env: (ns: BrokerNamespace) => ({ AMQP_URL: TEST_AMQP_URL, AMQP_NAMESPACE: ns.prefix }),
  },
  { transport: 'in-process', env: () => ({}) },
];

describe.each(TRANSPORTS)('messaging backbone over the $transport transport', ({ transport, env }) => {
  let database: TestDatabase;
  let app: TestApp;
  const ns = new BrokerNamespace();
  const baseEnv = { ROLE: 'all', MESSAGING_RETRY_DELAYS_MS: '100,200', OUTBOX_POLL_INTERVAL_MS: '50' };

  async function start(extra: Record<string, string> = {}): Promise<TestApp> {
    const started = await startTestApp({
      env: { ...baseEnv, ...env(ns), ...extra },
      database,
      extraModules: [MessagingFixturesModule],
    });
    const bus = started.app.get(MessageTransport);
    if (bus instanceof RabbitMqTransport) ns.track(bus.declaredNames());
    return started;
  }

  const db = () => app.app.get(DataSource);
  const emit = (target: TestApp, ...events: ThingHappenedEvent[]) =>
    target.app.get(DataSource).transaction((tx) => target.app.get(Outbox).publish(tx, events));
  const effects = (consumer: string, fromN: number, toN = fromN) =>
    db().query(
      `SELECT message_id, n, attempt, correlation_id, scope_correlation_id, causation_id FROM public.effects
        WHERE consumer = $1 AND n BETWEEN $2 AND $3 ORDER BY id`,
      [consumer, fromN, toN],
    ) as Promise<Array<Record<string, unknown>>>;
  const metric = async (queue: string, outcome: string): Promise<number> => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`regua_messaging_messages_total{queue="${queue}",outcome="${outcome}"}`));
    return line ? Number(line.split(' ')[1]) : 0;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await start();
    await db().query(EFFECTS_DDL);
  });

  afterAll(async () => {
    await app?.close();
    if (transport === 'rabbitmq') await ns.cleanup();
    await database?.drop();
  });

  it('delivers an event once to every bound consumer, carrying the correlation id of its origin', async () => {
    const event = ExecutionContext.run(
      { correlationId: 'corr-origin-1' },
      () => new ThingHappenedEvent(TENANT, { n: 1, kind: 'ok' }),
    );
    await emit(app, event);
    for (const consumer of ['fixture.audit', 'fixture.billing']) {
      const rows = await eventually(async () => {
        const found = await effects(consumer, 1);
        return found.length > 0 && found;
      });
      expect(rows).toEqual([
        {
          message_id: event.metadata.id,
          n: 1,
          attempt: 1,
          correlation_id: 'corr-origin-1',
          scope_correlation_id: 'corr-origin-1',
          causation_id: event.metadata.id,
        },
      ]);
    }
  });

  it('after a crash between commit and publish, delivers the message exactly once when restarted', async () => {
    await app.close();
    // The process that commits the state change dies before any relay publishes it.
    const crashed = await start({ OUTBOX_RELAY_ENABLED: 'false', ROLE: 'api' });
    const event = new ThingHappenedEvent(TENANT, { n: 2, kind: 'ok' });
    await emit(crashed, event);
    await crashed.close();
    const [pending] = await crashed.app
      .get(DataSource)
      .query(
        `SELECT count(*)::int AS n FROM messaging.outbox WHERE message_id = $1 AND published_at IS NULL`,
        [event.metadata.id],
      )
      .catch(() => [{ n: 1 }]);
    expect(pending.n).toBe(1);

    app = await start();
    await eventually(async () => (await effects('fixture.audit', 2)).length === 1);
    await eventually(async () => (await effects('fixture.billing', 2)).length === 1);

    // Crash after the broker confirmed but before the row was marked published: it goes out again.
    await db().query(`UPDATE messaging.outbox SET published_at = NULL WHERE message_id = $1`, [
      event.metadata.id,
    ]);
    await eventually(
      async () =>
        (await metric('fixture.audit', 'duplicate')) >= 1 &&
        (await metric('fixture.billing', 'duplicate')) >= 1,
      {
        description: 'the re-published message to reach both consumers as a duplicate',
      },
    );
    expect(await effects('fixture.audit', 2)).toHaveLength(1);
    expect(await effects('fixture.billing', 2)).toHaveLength(1);
  });

  it('applies the effect once when a consumer fails twice then succeeds', async () => {
    await emit(app, new ThingHappenedEvent(TENANT, { n: 3, kind: 'flaky' }));
    const rows = await eventually(async () => {
      const found = await effects('fixture.flaky', 3);
      return found.length > 0 && found;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.attempt).toBe(3);
    expect(await metric('fixture.flaky', 'retried')).toBe(2);
    expect(await metric('fixture.flaky', 'consumed')).toBeGreaterThanOrEqual(1);
  });

  it('dead-letters a message after N attempts, and a replay delivers it to that consumer only', async () => {
    BrokenConsumer.repaired = false;
    const auditDuplicatesBefore = await metric('fixture.audit', 'duplicate');
    const event = new ThingHappenedEvent(TENANT, { n: 4, kind: 'broken' });
    await emit(app, event);
    const deadLetters = app.app.get(DeadLetters);
    const letter = await eventually(async () => {
      const page = await deadLetters.list({
        tenantId: TENANT,
        consumer: 'fixture.broken',
        limit: 10,
        offset: 0,
      });
      return page.items.find((l) => l.messageId === event.metadata.id);
    });
    expect(letter).toMatchObject({
      consumer: 'fixture.broken',
      attempts: 3,
      routingKey: 'fixture.thing.happened.v1',
      payload: { n: 4, kind: 'broken' },
      replayedAt: null,
    });
    expect(letter.error).toContain('downstream rejected the message');
    expect(await metric('fixture.broken', 'dead_lettered')).toBe(1);
    expect(await effects('fixture.broken', 4)).toHaveLength(0);

    BrokenConsumer.repaired = true;
    await deadLetters.replay(letter.id, TENANT);
    await eventually(async () => (await effects('fixture.broken', 4)).length === 1, {
      description: 'the replayed message to be applied',
    });
    await expect(deadLetters.replay(letter.id, TENANT)).rejects.toBeInstanceOf(
      DeadLetterAlreadyReplayedError,
    );
    const replayed = await deadLetters.get(letter.id, TENANT);
    expect(replayed.replayedAt).not.toBeNull();
    // The replay went to the broken consumer only: the others saw the message once, as before.
    expect(await metric('fixture.audit', 'duplicate')).toBe(auditDuplicatesBefore);
  });

  it('ignores a duplicate delivery of the same message', async () => {
    const before = await metric('fixture.audit', 'duplicate');
    const event = new ThingHappenedEvent(TENANT, { n: 5, kind: 'ok' });
    await emit(app, event);
    await emit(app, event);
    await eventually(async () => (await metric('fixture.audit', 'duplicate')) === before + 1, {
      description: 'the second delivery to be recognised as a duplicate',
    });
    expect(await effects('fixture.audit', 5)).toHaveLength(1);
    await eventually(async () => (await effects('fixture.billing', 5)).length === 1);
  });

  it('keeps the order of events of one aggregate', async () => {
    for (let n = 100; n < 130; n++)
      await emit(app, new ThingHappenedEvent(TENANT, { n, kind: 'ok' }, 'aggregate-1'));
    const rows = await eventually(async () => {
      const found = await effects('fixture.audit', 100, 129);
      return found.length === 30 && found;
    });
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 30 }, (_, i) => 100 + i));
  });

  it(
    transport === 'rabbitmq'
      ? 'loses nothing when the broker restarts in the middle of a stream (readiness reports it)'
      : 'loses nothing when the process restarts in the middle of a stream',
    async () => {
      const emitRange = async (from: number, to: number) => {
        for (let n = from; n < to; n += 10) {
          await emit(
            app,
            ...Array.from(
              { length: 10 },
              (_, i) => new ThingHappenedEvent(TENANT, { n: n + i, kind: 'stream' }),
            ),
          );
        }
      };
      await emitRange(1000, 1150);
      if (transport === 'rabbitmq') {
        const restart = restartLocalBroker();
        await eventually(async () => (await fetch(`${app.url}/readyz`)).status === 503, {
          timeoutMs: 30_000,
          description: 'readiness to report the broker down',
        });
        await emitRange(1150, 1300);
        await restart;
        await eventually(async () => (await fetch(`${app.url}/readyz`)).status === 200, {
          timeoutMs: 60_000,
          description: 'readiness to recover',
        });
      } else {
        await app.close();
        app = await start();
        await emitRange(1150, 1300);
      }
      for (const consumer of ['fixture.audit', 'fixture.billing']) {
        await eventually(async () => (await effects(consumer, 1000, 1299)).length >= 300, {
          timeoutMs: 90_000,
          description: `${consumer} to apply all 300 messages`,
        });
        const rows = await effects(consumer, 1000, 1299);
        expect(new Set(rows.map((r) => r.n)).size).toBe(300);
        expect(rows).toHaveLength(300);
      }
    },
    180_000,
  );
});

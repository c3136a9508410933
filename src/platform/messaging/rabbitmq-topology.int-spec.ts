import { connect } from 'amqplib';
import { DataSource } from 'typeorm';
import { BrokerNamespace } from '../../../test/support/broker';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { eventually } from '../../../test/support/eventually';
import {
  EFFECTS_DDL,
  MessagingFixturesModule,
  ThingHappenedEvent,
} from '../../../test/support/messaging-fixtures';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { TEST_AMQP_URL } from '../../../test/support/test-env';
import { IntegrationEvent } from '../../shared/ddd/domain-event';
import { MessageConsumer, type MessageHandler } from './message-consumer';
import { Outbox } from './outbox';
import { MessageTransport } from './transports/message-transport';
import { RabbitMqTransport } from './transports/rabbitmq.transport';

const TENANT = '00000000-0000-4000-8000-000000000001';

class SignalEvent extends IntegrationEvent<{ n: number }> {
  constructor(
    readonly routingKey: string,
    n: number,
  ) {
    super(TENANT, { n });
  }
}

/** Wants `topology.signal.v1`; never subscribed in these tests (its module is not loaded). */
@MessageConsumer({ name: 'topology.signals', routingKeys: ['topology.signal.v1'] })
export class SignalsConsumer implements MessageHandler {
  async handle(): Promise<void> {}
}

describe('RabbitMQ topology declared by every process', () => {
  let database: TestDatabase;
  const ns = new BrokerNamespace();
  const running: TestApp[] = [];

  async function start(role: string, modules = [MessagingFixturesModule]): Promise<TestApp> {
    const app = await startTestApp({
      env: {
        ROLE: role,
        AMQP_URL: TEST_AMQP_URL,
        AMQP_NAMESPACE: ns.prefix,
        OUTBOX_POLL_INTERVAL_MS: '50',
        SHUTDOWN_TIMEOUT_MS: '100',
      },
      database,
      extraModules: modules,
    });
    const transport = app.app.get(MessageTransport);
    if (transport instanceof RabbitMqTransport) ns.track(transport.declaredNames());
    running.push(app);
    return app;
  }

  async function stop(app: TestApp): Promise<void> {
    running.splice(running.indexOf(app), 1);
    await app.close();
  }

  const emit = (app: TestApp, event: IntegrationEvent) =>
    app.app.get(DataSource).transaction((tx) => app.app.get(Outbox).publish(tx, [event]));

  const outboxRow = async (app: TestApp, messageId: string) => {
    const [row] = (await app.app
      .get(DataSource)
      .query(`SELECT published_at, attempts, last_error FROM messaging.outbox WHERE message_id = $1`, [
        messageId,
      ])) as Array<{ published_at: Date | null; attempts: number; last_error: string | null }>;
    return row;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    for (const app of running) await app.close();
    await ns.cleanup();
    await database?.drop();
  });

  it('a message published by a scheduler before any worker ever started reaches the worker that starts later', async () => {
    const scheduler = await start('scheduler');
    await scheduler.app.get(DataSource).query(EFFECTS_DDL);
    const event = new ThingHappenedEvent(TENANT, { n: 1, kind: 'ok' });
    await emit(scheduler, event);
    await eventually(async () => (await outboxRow(scheduler, event.metadata.id))?.published_at, {
      description: 'the relay of the scheduler to publish the message',
    });
    await stop(scheduler);

    const worker = await start('worker');
    const applied = await eventually(async () => {
      const rows = (await worker.app
        .get(DataSource)
        .query(`SELECT consumer FROM public.effects WHERE message_id = $1 ORDER BY consumer`, [
          event.metadata.id,
        ])) as Array<{ consumer: string }>;
      return rows.length === 2 && rows;
    });
    expect(applied.map((r) => r.consumer)).toEqual(['fixture.audit', 'fixture.billing']);
    await stop(worker);
  });

  it('keeps a message pending while the queue of a consumer that wants it is missing, and drops events nobody wants', async () => {
    const api = await start('api');
    const unwanted = new SignalEvent('topology.nobody-listens.v1', 2);
    await emit(api, unwanted);
    // Published once the publisher declared the topology (publishes wait for its setup).
    await eventually(async () => (await outboxRow(api, unwanted.metadata.id))?.published_at, {
      description: 'an event nobody wants to be published all the same',
    });
    const connection = await connect(TEST_AMQP_URL);
    try {
      const channel = await connection.createChannel();
      await channel.deleteQueue(`${ns.prefix}.topology.signals`);
      await channel.close();
    } finally {
      await connection.close();
    }
    const wanted = new SignalEvent('topology.signal.v1', 1);
    await emit(api, wanted);
    const pending = await eventually(async () => {
      const row = await outboxRow(api, wanted.metadata.id);
      return row && row.attempts >= 1 && row;
    });
    expect(pending.published_at).toBeNull();
    expect(pending.last_error).toContain('No queue took the message');
    await stop(api);
  });
});

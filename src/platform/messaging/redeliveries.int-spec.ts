import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BrokerNamespace } from '../../../test/support/broker';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { eventually } from '../../../test/support/eventually';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { TEST_AMQP_URL } from '../../../test/support/test-env';
import { IntegrationEvent } from '../../shared/ddd/domain-event';
import { DeadLetters } from './dead-letters';
import { MessageConsumer, type MessageHandler } from './message-consumer';
import type { InboundMessage } from './messages';
import { Outbox } from './outbox';
import { MessageTransport } from './transports/message-transport';
import { RabbitMqTransport } from './transports/rabbitmq.transport';

const TENANT = '00000000-0000-4000-8000-000000000001';

class CrashRequestedEvent extends IntegrationEvent<{ n: number; crash: boolean }> {
  readonly routingKey = 'redeliveries.crash.requested.v1';
  constructor(n: number, crash: boolean) {
    super(TENANT, { n, crash });
  }
}

/**
 * Never settles a `crash` message: from the transport's side exactly a consumer whose process died
 * while handling it (the test stops the app, which gives the message back unacknowledged). Other
 * messages it handles at once.
 */
@MessageConsumer({
  name: 'redeliveries.crashing',
  routingKeys: ['redeliveries.crash.requested.v1'],
  maxAttempts: 3,
  ownTransactions: true,
})
export class CrashingConsumer implements MessageHandler<{ n: number; crash: boolean }> {
  static attemptsSeen: number[] = [];
  static handled: number[] = [];
  async handle(message: InboundMessage<{ n: number; crash: boolean }>): Promise<void> {
    if (!message.payload.crash) {
      CrashingConsumer.handled.push(message.payload.n);
      return;
    }
    CrashingConsumer.attemptsSeen.push(message.attempt);
    await new Promise(() => undefined);
  }
}

@Module({ providers: [CrashingConsumer] })
class CrashingModule {}

const TRANSPORTS = [
  {
    transport: 'rabbitmq',
    env: (ns: BrokerNamespace): Record<string, string> => ({
      AMQP_URL: TEST_AMQP_URL,
      AMQP_NAMESPACE: ns.prefix,
    }),
    // The broker gives an unacknowledged message back as soon as its channel closes.
    afterCrash: async () => undefined,
  },
  {
    transport: 'in-process',
    env: (): Record<string, string> => ({}),
    // The delivery reappears when its lease runs out: let it run out now.
    afterCrash: (db: DataSource) => db.query(`UPDATE messaging.local_deliveries SET available_at = now()`),
  },
];

describe.each(TRANSPORTS)(
  'a message that never settles, over the $transport transport',
  ({ transport, env, afterCrash }) => {
    let database: TestDatabase;
    const ns = new BrokerNamespace();

    async function start(): Promise<TestApp> {
      const app = await startTestApp({
        env: { ROLE: 'all', OUTBOX_POLL_INTERVAL_MS: '50', SHUTDOWN_TIMEOUT_MS: '100', ...env(ns) },
        database,
        extraModules: [CrashingModule],
      });
      const bus = app.app.get(MessageTransport);
      if (bus instanceof RabbitMqTransport) ns.track(bus.declaredNames());
      return app;
    }

    beforeAll(async () => {
      database = await createTestDatabase();
      CrashingConsumer.attemptsSeen = [];
      CrashingConsumer.handled = [];
    });

    afterAll(async () => {
      if (transport === 'rabbitmq') await ns.cleanup();
      await database?.drop();
    });

    it('is dead-lettered after its attempts, each crash counting as one; the message behind it is handled', async () => {
      const event = new CrashRequestedEvent(1, true);
      const behind = new CrashRequestedEvent(2, false);
      let app = await start();
      await app.app.get(DataSource).transaction((tx) => app.app.get(Outbox).publish(tx, [event, behind]));
      for (let attempt = 1; attempt <= 3; attempt++) {
        await eventually(() => CrashingConsumer.attemptsSeen.length === attempt, {
          description: `delivery ${attempt} to reach the consumer`,
        });
        await app.close(); // the process "dies" with the message unsettled
        app = await start();
        await afterCrash(app.app.get(DataSource));
      }
      try {
        const letter = await eventually(async () => {
          const page = await app.app
            .get(DeadLetters)
            .list({ tenantId: TENANT, consumer: 'redeliveries.crashing', limit: 10, offset: 0 });
          return page.items.find((l) => l.messageId === event.metadata.id);
        });
        expect(letter.attempts).toBe(3);
        expect(letter.error).toContain('without being acknowledged');
        expect(CrashingConsumer.attemptsSeen).toEqual([1, 2, 3]);
        await eventually(() => CrashingConsumer.handled.includes(2), {
          description: 'the message behind the crashing one to be handled',
        });
        const letters = await app.app
          .get(DeadLetters)
          .list({ tenantId: TENANT, consumer: 'redeliveries.crashing', limit: 10, offset: 0 });
        expect(letters.items.map((l) => l.messageId)).toEqual([event.metadata.id]);
        const [left] = (await app.app.get(DataSource).query(
          `SELECT (SELECT count(*) FROM messaging.redeliveries)::int AS counts,
                (SELECT count(*) FROM messaging.local_deliveries)::int AS deliveries`,
        )) as Array<{ counts: number; deliveries: number }>;
        expect(left).toEqual({ counts: 0, deliveries: 0 });
      } finally {
        await app.close();
      }
    });
  },
);

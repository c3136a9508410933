import { QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { BrokerNamespace } from '../../../../../test/support/broker';
import { eventually } from '../../../../../test/support/eventually';
import {
  BrokenConsumer,
  MessagingFixturesModule,
  ThingHappenedEvent,
} from '../../../../../test/support/messaging-fixtures';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { TEST_AMQP_URL } from '../../../../../test/support/test-env';
import { DeadLetters } from '../../dead-letters';
import { Outbox } from '../../outbox';
import { MessageTransport } from '../../transports/message-transport';
import { RabbitMqTransport } from '../../transports/rabbitmq.transport';
import { GetMessagingOverviewQuery, type MessagingOverview } from './get-messaging-overview.query';

const TENANT = '00000000-0000-4000-8000-0000000000a1';
const OTHER = '00000000-0000-4000-8000-0000000000b2';

const TRANSPORTS = [
  {
    transport: 'rabbitmq' as const,
    env: (ns: BrokerNamespace) => ({ AMQP_URL: TEST_AMQP_URL, AMQP_NAMESPACE: ns.prefix }),
  },
  { transport: 'in-process' as const, env: () => ({}) },
];

describe.each(TRANSPORTS)('GetMessagingOverviewQuery over the $transport transport', ({ transport, env }) => {
  let t: TestApp;
  const ns = new BrokerNamespace();

  beforeAll(async () => {
    t = await startTestApp({
      env: { ROLE: 'all', MESSAGING_RETRY_DELAYS_MS: '50', OUTBOX_POLL_INTERVAL_MS: '50', ...env(ns) },
      extraModules: [MessagingFixturesModule],
    });
    const bus = t.app.get(MessageTransport);
    if (bus instanceof RabbitMqTransport) ns.track(bus.declaredNames());
  });
  afterAll(async () => {
    await t?.close();
    if (transport === 'rabbitmq') await ns.cleanup();
  });

  const overview = (tenantId: string) =>
    t.app
      .get(QueryBus)
      .execute<GetMessagingOverviewQuery, MessagingOverview>(new GetMessagingOverviewQuery(tenantId));

  it('shows every consumer queue with its consumers, and the tenant’s own outbox backlog and dead letters', async () => {
    BrokenConsumer.repaired = false;
    const db = t.app.get(DataSource);
    await db.transaction((tx) =>
      t.app.get(Outbox).publish(tx, [new ThingHappenedEvent(TENANT, { n: 7, kind: 'broken' })]),
    );
    const dead = await eventually(async () => {
      const seen = await overview(TENANT);
      return seen.deadLetters.waiting === 1 && seen;
    });
    expect(dead.transport).toBe(transport);
    expect(dead.deadLetters).toEqual({ waiting: 1, replayed: 0 });
    const broken = dead.queues.find((q) => q.name === 'fixture.broken');
    expect(broken).toMatchObject({ ready: 0, consumers: 1 });
    expect(dead.queues.map((q) => q.name)).toEqual([...dead.queues.map((q) => q.name)].sort());

    // A row the relay could not publish yet (its retry is due tomorrow) is the tenant's backlog only.
    await db.query(
      `INSERT INTO messaging.outbox (message_id, tenant_id, exchange, routing_key, payload, available_at, last_error)
       VALUES (gen_random_uuid(), $1, 'regua.events', 'fixture.nobody.v1', '{}', now() + interval '1 day', 'broker said no')`,
      [TENANT],
    );
    const backlog = await overview(TENANT);
    expect(backlog.outbox).toMatchObject({ pending: 1, failing: 1 });
    expect(backlog.outbox.oldestPendingAt).toBeInstanceOf(Date);

    const other = await overview(OTHER);
    expect(other.deadLetters).toEqual({ waiting: 0, replayed: 0 });
    expect(other.outbox).toEqual({ pending: 0, oldestPendingAt: null, failing: 0 });

    BrokenConsumer.repaired = true;
    const [letter] = (await t.app.get(DeadLetters).list({ tenantId: TENANT, limit: 1, offset: 0 })).items;
    await t.app.get(DeadLetters).replay(letter!.id, TENANT);
    expect((await overview(TENANT)).deadLetters).toEqual({ waiting: 0, replayed: 1 });
  });
});

/**
 * Messaging backbone throughput: N small messages through outbox → relay → RabbitMQ → idempotent
 * consumer writing one row each, against the same broker's plain amqplib rate (confirms, persistent,
 * publish → consume → ack). Target: the full path reaches at least 25% of the plain rate.
 */
import { Module } from '@nestjs/common';
import { connect } from 'amqplib';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../src/platform/messaging/message-consumer';
import type { InboundMessage } from '../src/platform/messaging/messages';
import { Outbox } from '../src/platform/messaging/outbox';
import { MessageTransport } from '../src/platform/messaging/transports/message-transport';
import { RabbitMqTransport } from '../src/platform/messaging/transports/rabbitmq.transport';
import { IntegrationEvent } from '../src/shared/ddd/domain-event';
import { BrokerNamespace } from '../test/support/broker';
import { createTestDatabase } from '../test/support/database';
import { eventually } from '../test/support/eventually';
import { ensureTemplateDatabase } from '../test/support/template-database';
import { startTestApp } from '../test/support/test-app';
import { TEST_AMQP_URL } from '../test/support/test-env';

const TENANT = '00000000-0000-4000-8000-0000000000be';

class BenchPingedEvent extends IntegrationEvent<{ i: number; sentAt: number }> {
  readonly routingKey = 'bench.ping.sent.v1';
  constructor(tenantId: string, payload: { i: number; sentAt: number }) {
    super(tenantId, payload);
  }
}

const latencies: number[] = [];

@MessageConsumer({ name: 'bench.pings', routingKeys: ['bench.ping.sent.v1'] })
class BenchConsumer implements MessageHandler<{ i: number; sentAt: number }> {
  async handle(message: InboundMessage<{ i: number; sentAt: number }>, tx: EntityManager): Promise<void> {
    await this.handleBatch([message], tx);
  }

  /** One row per message, written with one statement per batch. */
  async handleBatch(
    messages: Array<InboundMessage<{ i: number; sentAt: number }>>,
    tx: EntityManager,
  ): Promise<void> {
    await tx.query(`INSERT INTO public.bench_effects (i) SELECT unnest($1::int[])`, [
      messages.map((m) => m.payload.i),
    ]);
    const now = Date.now();
    for (const m of messages) latencies.push(now - m.payload.sentAt);
  }
}

@Module({ providers: [BenchConsumer] })
class BenchModule {}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function plainAmqplib(count: number, ns: BrokerNamespace): Promise<number> {
  const connection = await connect(TEST_AMQP_URL);
  const channel = await connection.createConfirmChannel();
  const queue = ns.queue('bench.plain');
  await channel.assertQueue(queue, { durable: true });
  await channel.prefetch(200);
  let acked = 0;
  const done = new Promise<void>((resolve) => {
    void channel.consume(queue, (msg) => {
      if (!msg) return;
      channel.ack(msg);
      if (++acked === count) resolve();
    });
  });
  const body = (i: number) => Buffer.from(JSON.stringify({ i, sentAt: Date.now() }));
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const ok = channel.sendToQueue(queue, body(i), { persistent: true, contentType: 'application/json' });
    if (!ok || i % 1000 === 999) await channel.waitForConfirms();
  }
  await channel.waitForConfirms();
  await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await channel.close();
  await connection.close();
  return count / seconds;
}

async function fullPath(count: number, ns: BrokerNamespace): Promise<{ perSecond: number; p95: number }> {
  const database = await createTestDatabase();
  const app = await startTestApp({
    database,
    extraModules: [BenchModule],
    env: {
      ROLE: 'all',
      AMQP_URL: TEST_AMQP_URL,
      AMQP_NAMESPACE: ns.prefix,
      AMQP_PREFETCH: '1000',
      DB_POOL_SIZE: '10',
      OUTBOX_BATCH_SIZE: '1000',
      OUTBOX_POLL_INTERVAL_MS: '20',
    },
  });
  try {
    const transport = app.app.get(MessageTransport);
    if (transport instanceof RabbitMqTransport) ns.track(transport.declaredNames());
    const dataSource = app.app.get(DataSource);
    const outbox = app.app.get(Outbox);
    await dataSource.query(`CREATE TABLE public.bench_effects (i int PRIMARY KEY)`);

    const started = process.hrtime.bigint();
    // Producers commit state + outbox rows in transactions of 500, as a context's use case would.
    for (let i = 0; i < count; i += 500) {
      const events = Array.from(
        { length: Math.min(500, count - i) },
        (_, k) => new BenchPingedEvent(TENANT, { i: i + k, sentAt: Date.now() }),
      );
      await dataSource.transaction((tx) => outbox.publish(tx, events));
    }
    await eventually(
      async () => {
        const [{ n }] = (await dataSource.query(`SELECT count(*)::int AS n FROM public.bench_effects`)) as [
          { n: number },
        ];
        return n === count;
      },
      { timeoutMs: 600_000, intervalMs: 100, description: `all ${count} messages to be applied` },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { perSecond: count / seconds, p95: percentile(latencies, 95) };
  } finally {
    await app.close();
    await database.drop();
  }
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const count = Number(args[0] ?? process.env.BENCH_MESSAGES ?? 50_000);
  await ensureTemplateDatabase();
  const ns = new BrokerNamespace();
  try {
    console.error(`plain amqplib: ${count} messages…`);
    const plain = await plainAmqplib(count, ns);
    console.error(`plain amqplib: ${plain.toFixed(0)} msg/s; full path: ${count} messages…`);
    const full = await fullPath(count, ns);
    console.error(`full path: ${full.perSecond.toFixed(0)} msg/s, p95 ${full.p95} ms`);
    return {
      name: 'messaging',
      figures: {
        messages: count,
        full_path_per_s: Math.round(full.perSecond),
        full_path_p95_ms: full.p95,
        plain_amqplib_per_s: Math.round(plain),
        full_path_share_of_plain: Number((full.perSecond / plain).toFixed(3)),
      },
      targets: { full_path_share_of_plain: '>= 0.25' },
    };
  } finally {
    await ns.cleanup();
  }
}

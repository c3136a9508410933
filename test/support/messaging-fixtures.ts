import { Controller, HttpCode, Module, Param, ParseIntPipe, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public } from '../../src/platform/access/auth.decorators';
import { Outbox } from '../../src/platform/messaging/outbox';
import type { EntityManager } from 'typeorm';
import { ExecutionContext } from '../../src/shared/context/execution-context';
import { IntegrationEvent } from '../../src/shared/ddd/domain-event';
import { MessageConsumer, type MessageHandler } from '../../src/platform/messaging/message-consumer';
import type { InboundMessage } from '../../src/platform/messaging/messages';

/** A test event of a test context. */
export class ThingHappenedEvent extends IntegrationEvent<{ n: number; kind: string }> {
  readonly routingKey = 'fixture.thing.happened.v1';
  constructor(tenantId: string, payload: { n: number; kind: string }, orderingKey?: string) {
    super(tenantId, payload, { orderingKey });
  }
}

/** The effects consumers apply: one row per (consumer, message) they processed. */
export const EFFECTS_DDL = `CREATE TABLE IF NOT EXISTS public.effects (
  id bigserial PRIMARY KEY, consumer text NOT NULL, message_id uuid NOT NULL, n int NOT NULL,
  attempt int NOT NULL, correlation_id text, scope_correlation_id text, causation_id text)`;

async function record(
  consumer: string,
  message: InboundMessage<{ n: number }>,
  tx: EntityManager,
): Promise<void> {
  await tx.query(
    `INSERT INTO public.effects (consumer, message_id, n, attempt, correlation_id, scope_correlation_id, causation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      consumer,
      message.messageId,
      message.payload.n,
      message.attempt,
      message.correlationId,
      ExecutionContext.correlationId() ?? null,
      ExecutionContext.causationId() ?? null,
    ],
  );
}

@MessageConsumer({ name: 'fixture.audit', routingKeys: ['fixture.thing.happened.v1'], prefetch: 1 })
export class AuditConsumer implements MessageHandler<{ n: number; kind: string }> {
  async handle(message: InboundMessage<{ n: number; kind: string }>, tx: EntityManager): Promise<void> {
    if (message.payload.kind === 'ok' || message.payload.kind === 'stream')
      await record('fixture.audit', message, tx);
  }
}

@MessageConsumer({ name: 'fixture.billing', routingKeys: ['fixture.#'] })
export class BillingConsumer implements MessageHandler<{ n: number; kind: string }> {
  async handle(message: InboundMessage<{ n: number; kind: string }>, tx: EntityManager): Promise<void> {
    if (message.payload.kind === 'ok' || message.payload.kind === 'stream')
      await record('fixture.billing', message, tx);
  }
}

/** Fails its first two attempts, then succeeds. */
@MessageConsumer({ name: 'fixture.flaky', routingKeys: ['fixture.thing.happened.v1'], maxAttempts: 5 })
export class FlakyConsumer implements MessageHandler<{ n: number; kind: string }> {
  async handle(message: InboundMessage<{ n: number; kind: string }>, tx: EntityManager): Promise<void> {
    if (message.payload.kind !== 'flaky') return;
    await record('fixture.flaky', message, tx); // written, then rolled back when the attempt fails
    if (message.attempt < 3) throw new Error(`transient failure on attempt ${message.attempt}`);
  }
}

/** Fails every time until `BrokenConsumer.repaired` is set (the fix deployed before a replay). */
@MessageConsumer({ name: 'fixture.broken', routingKeys: ['fixture.thing.happened.v1'], maxAttempts: 3 })
export class BrokenConsumer implements MessageHandler<{ n: number; kind: string }> {
  static repaired = false;
  async handle(message: InboundMessage<{ n: number; kind: string }>, tx: EntityManager): Promise<void> {
    if (message.payload.kind !== 'broken') return;
    if (!BrokenConsumer.repaired) throw new Error('downstream rejected the message');
    await record('fixture.broken', message, tx);
  }
}

@Module({ providers: [AuditConsumer, BillingConsumer, FlakyConsumer, BrokenConsumer] })
export class MessagingFixturesModule {}

/** An HTTP entry point of the test context: commits an event through the outbox, as a use case would. */
@Public()
@Controller('api/fixture/things')
export class EmitThingController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  @Post(':n/happened')
  @HttpCode(202)
  async emit(@Param('n', ParseIntPipe) n: number): Promise<{ messageId: string }> {
    const event = new ThingHappenedEvent('00000000-0000-4000-8000-000000000003', { n, kind: 'ok' });
    await this.dataSource.transaction((tx) => this.outbox.publish(tx, [event]));
    return { messageId: event.metadata.id };
  }
}

@Module({ controllers: [EmitThingController] })
export class EmitThingHttpModule {}

import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ExecutionContext } from '../../shared/context/execution-context';
import { DeadLetters } from './dead-letters';
import type { ConsumerOptions, MessageHandler } from './message-consumer';
import type { InboundMessage } from './messages';
import { MessagingMetrics } from './messaging-metrics';
import { Redeliveries } from './redeliveries';
import { decideAfterFailure, type FailureDecision, type RetryPolicy } from './retry-policy';

/** What a consumer needs on the broker: its queue, bindings and retry delays. */
export interface ConsumerTopology {
  name: string;
  routingKeys: string[];
  policy: RetryPolicy;
}

/** A consumer with its defaults resolved, as the transports see it. */
export interface ConsumerRegistration extends ConsumerTopology {
  prefetch: number;
  handler: MessageHandler;
  /** see ConsumerOptions.ownTransactions */
  ownTransactions: boolean;
}

export function resolvePolicy(options: ConsumerOptions, defaults: RetryPolicy): RetryPolicy {
  return {
    maxAttempts: options.maxAttempts ?? defaults.maxAttempts,
    delaysMs: options.retryDelaysMs ?? defaults.delaysMs,
  };
}

export type DeliveryResult = 'processed' | 'duplicate';

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * What every transport does with a delivery: inbox + handler in one transaction (idempotent), and
 * on failure the same bounded-retry decision and dead-lettering. Transports only move bytes.
 */
@Injectable()
export class ConsumerExecutor {
  private readonly logger = new Logger('Messaging');

  constructor(
    private readonly dataSource: DataSource,
    private readonly deadLetters: DeadLetters,
    private readonly metrics: MessagingMetrics,
    private readonly redeliveries: Redeliveries,
  ) {}

  resolve(
    options: ConsumerOptions,
    handler: MessageHandler,
    defaults: { prefetch: number; policy: RetryPolicy },
  ) {
    return {
      name: options.name,
      routingKeys: options.routingKeys,
      prefetch: options.prefetch ?? defaults.prefetch,
      policy: resolvePolicy(options, defaults.policy),
      handler,
      ownTransactions: options.ownTransactions ?? false,
    } satisfies ConsumerRegistration;
  }

  /** Applies the message in its own transaction. Throws when the handler fails. */
  async execute(consumer: ConsumerRegistration, message: InboundMessage): Promise<DeliveryResult> {
    if (consumer.ownTransactions) {
      await this.runHandler(this.dataSource.manager, consumer, message);
      this.recordOutcomes(consumer, ['processed']);
      return 'processed';
    }
    const result = await this.dataSource.transaction((tx) => this.applyIn(tx, consumer, message));
    this.recordOutcomes(consumer, [result]);
    return result;
  }

  /**
   * Applies the message inside `tx` (the in-process transport claims its delivery in the same one).
   * The caller records the outcome once `tx` committed.
   */
  async applyIn(
    tx: EntityManager,
    consumer: ConsumerRegistration,
    message: InboundMessage,
  ): Promise<DeliveryResult> {
    const inserted = (await tx.query(
      `INSERT INTO messaging.inbox (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING message_id`,
      [consumer.name, message.messageId],
    )) as unknown[];
    const result: DeliveryResult = inserted.length === 0 ? 'duplicate' : 'processed';
    if (result === 'processed') await this.runHandler(tx, consumer, message);
    return result;
  }

  /**
   * Applies several messages in one transaction (one commit instead of one per message). All or
   * nothing: when it throws, the caller retries each message on its own, so only a failing message
   * goes through retries.
   */
  async executeBatch(consumer: ConsumerRegistration, messages: InboundMessage[]): Promise<DeliveryResult[]> {
    if (consumer.ownTransactions) {
      const end = this.metrics.handlerDuration.startTimer({ queue: consumer.name });
      if (consumer.handler.handleBatch) await consumer.handler.handleBatch(messages, this.dataSource.manager);
      else for (const message of messages) await this.runHandler(this.dataSource.manager, consumer, message);
      end();
      const processed = messages.map((): DeliveryResult => 'processed');
      this.recordOutcomes(consumer, processed);
      return processed;
    }
    const results = await this.dataSource.transaction(async (tx) => {
      const ids = [...new Set(messages.map((m) => m.messageId))];
      const inserted = (await tx.query(
        `INSERT INTO messaging.inbox (consumer, message_id) SELECT $1, id FROM unnest($2::uuid[]) AS id
         ON CONFLICT DO NOTHING RETURNING message_id`,
        [consumer.name, ids],
      )) as Array<{ message_id: string }>;
      const fresh = new Set(inserted.map((r) => r.message_id));
      const outcomes = messages.map((m): DeliveryResult =>
        fresh.delete(m.messageId) ? 'processed' : 'duplicate',
      );
      const toApply = messages.filter((_, i) => outcomes[i] === 'processed');
      if (consumer.handler.handleBatch) {
        const end = this.metrics.handlerDuration.startTimer({ queue: consumer.name });
        if (toApply.length > 0) await consumer.handler.handleBatch(toApply, tx);
        end();
      } else {
        for (const message of toApply) await this.runHandler(tx, consumer, message);
      }
      return outcomes;
    });
    this.recordOutcomes(consumer, results);
    return results;
  }

  private async runHandler(
    tx: EntityManager,
    consumer: ConsumerRegistration,
    message: InboundMessage,
  ): Promise<void> {
    const end = this.metrics.handlerDuration.startTimer({ queue: consumer.name });
    const scope = { correlationId: message.correlationId, causationId: message.messageId };
    await ExecutionContext.run(scope, () => consumer.handler.handle(message, tx));
    end();
  }

  recordOutcomes(consumer: ConsumerRegistration, results: DeliveryResult[]): void {
    const processed = results.filter((r) => r === 'processed').length;
    if (processed > 0) this.metrics.count(consumer.name, 'consumed', processed);
    if (results.length > processed)
      this.metrics.count(consumer.name, 'duplicate', results.length - processed);
  }

  /**
   * Messages the broker hands out again without them having been acknowledged (the process died or
   * its channel closed mid-way, e.g. because one of them crashes the process) count as attempts. The
   * counts are committed before any handler runs, so such a message is dead-lettered once its attempts
   * are used up instead of looping for ever.
   * Returns each message with its attempt number, or null when it was dead-lettered (the transport
   * acknowledges it).
   */
  async admitRedeliveries(
    consumer: ConsumerRegistration,
    messages: InboundMessage[],
  ): Promise<Array<InboundMessage | null>> {
    const counts = await this.redeliveries.record(
      consumer.name,
      messages.map((m) => m.messageId),
    );
    const admitted: Array<InboundMessage | null> = [];
    const parked: string[] = [];
    for (const message of messages) {
      const redeliveries = counts.get(message.messageId) ?? 1;
      const counted = await this.admitAfterRedeliveries(consumer, message, redeliveries);
      if (!counted) parked.push(message.messageId);
      admitted.push(counted);
    }
    await this.redeliveries.forget(consumer.name, parked);
    return admitted;
  }

  /**
   * The same decision for a transport that counts redeliveries itself (the in-process one, on its
   * delivery row): the message with its attempt number, or null once it was dead-lettered (in `tx`).
   */
  async admitAfterRedeliveries(
    consumer: ConsumerRegistration,
    message: InboundMessage,
    redeliveries: number,
    tx?: EntityManager,
  ): Promise<InboundMessage | null> {
    const attempt = message.attempt + redeliveries;
    if (attempt <= consumer.policy.maxAttempts) return { ...message, attempt };
    const made = attempt - 1;
    const reason = `Delivered ${made} times without being acknowledged (its consumer's process died or lost its channel while handling it)`;
    this.logger.error(
      {
        consumer: consumer.name,
        messageId: message.messageId,
        routingKey: message.routingKey,
        attempt: made,
      },
      `Consumer ${consumer.name} never settled a message in ${made} attempts; dead-lettered`,
    );
    await this.deadLetters.park(consumer.name, { ...message, attempt: made }, reason, tx);
    return null;
  }

  /** Which of these redelivered messages were redelivered before (in flight when a process died again). */
  redeliveredBefore(consumer: ConsumerRegistration, messages: InboundMessage[]): Promise<Set<string>> {
    return this.redeliveries.seenBefore(
      consumer.name,
      messages.map((m) => m.messageId),
    );
  }

  /** Counted redeliveries were settled: their attempts now travel in the messages (or they are done). */
  async redeliveriesSettled(consumer: ConsumerRegistration, messages: InboundMessage[]): Promise<void> {
    try {
      await this.redeliveries.forget(
        consumer.name,
        messages.map((m) => m.messageId),
      );
    } catch (error) {
      // A stale count only makes a later redelivery of the same id give up sooner; the prune removes it.
      this.logger.warn({ err: error, consumer: consumer.name }, 'Could not clear redelivery counts');
    }
  }

  /**
   * Decides what happens after a failed attempt; dead-letters the message when attempts are used up.
   * Returns the decision so the transport can schedule the retry its own way.
   */
  async onFailure(
    consumer: ConsumerRegistration,
    message: InboundMessage,
    error: unknown,
    tx?: EntityManager,
  ): Promise<FailureDecision> {
    const decision = decideAfterFailure(consumer.policy, message.attempt);
    const context = {
      consumer: consumer.name,
      messageId: message.messageId,
      routingKey: message.routingKey,
      attempt: message.attempt,
      correlationId: message.correlationId,
      err: error,
    };
    if (decision.action === 'retry') {
      this.logger.warn(
        { ...context, retryInMs: decision.delayMs },
        `Consumer ${consumer.name} failed; will retry`,
      );
      this.metrics.count(consumer.name, 'retried');
      return decision;
    }
    this.logger.error(
      context,
      `Consumer ${consumer.name} gave up after ${message.attempt} attempts; dead-lettered`,
    );
    await this.deadLetters.park(consumer.name, message, describeError(error), tx);
    return decision;
  }
}

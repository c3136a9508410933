import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InboundMessage } from './messages';

export const CONSUMER_METADATA = 'regua:message-consumer';

export interface ConsumerOptions {
  /** The consumer's queue: `<consumer-context>.<what>` (retry queues are its siblings). */
  name: string;
  /** Topic patterns on the events exchange (`sync_ixc.receivable.paid.v1`, `sync_ixc.#`). */
  routingKeys: string[];
  /** Deliveries before the message is dead-lettered (default MESSAGING_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** Delays between attempts, growing (default MESSAGING_RETRY_DELAYS_MS). */
  retryDelaysMs?: number[];
  /** Messages handled at once (default AMQP_PREFETCH). */
  prefetch?: number;
  /**
   * The handler opens and commits its own transactions (it is given the non-transactional manager) and
   * is idempotent on its own state — for work that must commit a mark before an external call that
   * cannot be rolled back (sending a message). No inbox row is written for it.
   */
  ownTransactions?: boolean;
}

/**
 * A consumer applies one message inside `tx`: the same transaction records the message in
 * `messaging.inbox`, so a redelivered message changes nothing. Throwing means "try again later".
 */
export interface MessageHandler<TPayload = unknown> {
  handle(message: InboundMessage<TPayload>, tx: EntityManager): Promise<void>;
  /**
   * Optional bulk form, for consumers that can apply many messages with a few statements (one
   * multi-row INSERT). Called with messages that arrived together, already de-duplicated by the
   * inbox, in one transaction; if it throws, each message is retried alone through `handle`.
   * Each message carries its own correlation id (there is no single execution scope).
   */
  handleBatch?(messages: Array<InboundMessage<TPayload>>, tx: EntityManager): Promise<void>;
}

const definedConsumers = new Map<string, ConsumerOptions>();

/**
 * Every consumer defined in the code base, whether or not this process runs it: a process that only
 * publishes (ROLE=api|scheduler) still declares their queues, so nothing it publishes is unroutable
 * before a worker has ever started.
 */
export function definedConsumerOptions(): ConsumerOptions[] {
  return [...definedConsumers.values()];
}

/** Marks a provider as a message consumer; workers (ROLE=worker|all) subscribe it at start. */
export const MessageConsumer = (options: ConsumerOptions) => {
  definedConsumers.set(options.name, options);
  return applyDecorators(Injectable(), SetMetadata(CONSUMER_METADATA, options));
};

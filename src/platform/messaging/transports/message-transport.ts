import type { EntityManager } from 'typeorm';
import type { ConsumerRegistration, ConsumerTopology } from '../consumer-executor';

/** What waits in a consumer's queue; null when the transport cannot tell right now (broker down). */
export interface QueueDepth {
  name: string;
  /** Deliverable now. */
  ready: number | null;
  /** Waiting for a retry delay to pass. */
  delayed: number | null;
  /** Consumers attached (RabbitMQ: every process; in-process: this one). */
  consumers: number | null;
}
import type { OutboundMessage } from '../messages';

/**
 * The messaging port. RabbitMQ when AMQP_URL is set, the in-process transport otherwise; consumers
 * and the outbox relay never know which one runs them.
 */
export abstract class MessageTransport {
  abstract readonly kind: 'rabbitmq' | 'in-process';

  /** `topology`: every consumer defined in the code base, whether this process runs it or not. */
  abstract start(topology: ConsumerTopology[]): Promise<void>;

  /**
   * Resolves once the messages are safely with the transport (RabbitMQ: publisher confirms; in-process:
   * written in `tx`, the relay's transaction). The relay marks them published only after that.
   */
  abstract publish(messages: OutboundMessage[], tx: EntityManager): Promise<void>;

  /** Called by the relay after its transaction committed. */
  published(): void {}

  abstract subscribe(consumer: ConsumerRegistration): Promise<void>;

  /** Stops taking deliveries and waits (bounded) for those being handled. */
  abstract stop(timeoutMs: number): Promise<void>;

  abstract isConnected(): boolean;

  /** Depth and consumers of each consumer's queue, for operators. */
  abstract queueDepths(consumers: ConsumerTopology[]): Promise<QueueDepth[]>;
}

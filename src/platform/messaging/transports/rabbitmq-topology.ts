import type { Channel } from 'amqplib';
import type { ConsumerTopology } from '../consumer-executor';
import { EVENTS_EXCHANGE } from '../messages';
import { distinctDelays } from '../retry-policy';
import { topicMatches } from '../topic-match';
import type { RabbitNames } from './rabbitmq-names';

/**
 * The broker's side of the messaging backbone, declared in code: a durable topic exchange; per consumer
 * a durable queue bound to its patterns and TTL retry queues that dead-letter back to that queue only.
 * Declaring is idempotent, so publishers and consumers declare the same thing on every (re)connect.
 */
export class RabbitTopology {
  constructor(
    private readonly names: RabbitNames,
    readonly consumers: ConsumerTopology[],
  ) {}

  /** Every exchange and queue this topology declares (tests delete them afterwards). */
  declaredNames(): { exchanges: string[]; queues: string[] } {
    return {
      exchanges: [this.names.exchange(EVENTS_EXCHANGE)],
      queues: this.consumers.flatMap((c) => this.queuesOf(c)),
    };
  }

  queuesOf(consumer: ConsumerTopology): string[] {
    return [
      this.names.queue(consumer.name),
      ...distinctDelays(consumer.policy).map((delay) => this.names.retryQueue(consumer.name, delay)),
    ];
  }

  async declareAll(channel: Channel): Promise<void> {
    for (const consumer of this.consumers) await this.declare(channel, consumer);
  }

  async declare(channel: Channel, consumer: ConsumerTopology): Promise<void> {
    const exchange = this.names.exchange(EVENTS_EXCHANGE);
    const queue = this.names.queue(consumer.name);
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(queue, { durable: true });
    for (const pattern of consumer.routingKeys) await channel.bindQueue(queue, exchange, pattern);
    for (const delay of distinctDelays(consumer.policy)) {
      await channel.assertQueue(this.names.retryQueue(consumer.name, delay), {
        durable: true,
        arguments: {
          'x-message-ttl': delay,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': queue,
        },
      });
    }
  }

  /** Whether some consumer of the code base wants an event with this routing key. */
  isWanted(routingKey: string): boolean {
    return this.consumers.some((c) => c.routingKeys.some((pattern) => topicMatches(pattern, routingKey)));
  }
}

import type { Replies } from 'amqplib';
import type { ConsumerTopology } from '../consumer-executor';
import type { QueueDepth } from './message-transport';
import type { RabbitTopology } from './rabbitmq-topology';

interface QueueChecker {
  checkQueue(queue: string): Promise<Replies.AssertQueue>;
}

/**
 * Depth of each consumer's queue and of its retry queues, and its consumers, by passive checks
 * (`queue.declare passive`). A queue that cannot be checked reads as unknown (null), never as empty.
 */
export async function inspectQueues(
  channel: QueueChecker,
  topology: RabbitTopology,
  consumers: ConsumerTopology[],
): Promise<QueueDepth[]> {
  const check = async (queue: string) => {
    try {
      return await channel.checkQueue(queue);
    } catch {
      return undefined;
    }
  };
  return Promise.all(
    consumers.map(async (consumer) => {
      const [main, ...retries] = await Promise.all(topology.queuesOf(consumer).map(check));
      const delayed = retries.every((r) => r !== undefined)
        ? retries.reduce((sum, r) => sum + (r?.messageCount ?? 0), 0)
        : null;
      return {
        name: consumer.name,
        ready: main?.messageCount ?? null,
        delayed,
        consumers: main?.consumerCount ?? null,
      };
    }),
  );
}

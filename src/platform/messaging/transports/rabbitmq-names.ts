import { DIRECT, EVENTS_EXCHANGE } from '../messages';

/**
 * Physical RabbitMQ names. AMQP_NAMESPACE prefixes everything so several environments (or test
 * files) share one broker. Retry queues are siblings of the consumer queue: `<queue>.retry.<delayMs>`.
 */
export class RabbitNames {
  private readonly prefix: string;

  constructor(namespace: string | undefined) {
    this.prefix = namespace ? `${namespace}.` : '';
  }

  exchange(logical: string): string {
    if (logical === DIRECT) return '';
    return logical === EVENTS_EXCHANGE ? `${this.prefix}regua.events` : `${this.prefix}${logical}`;
  }

  queue(consumer: string): string {
    return `${this.prefix}${consumer}`;
  }

  retryQueue(consumer: string, delayMs: number): string {
    return `${this.queue(consumer)}.retry.${delayMs}`;
  }
}

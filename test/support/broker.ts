import { randomBytes } from 'node:crypto';
import { connect } from 'amqplib';
import { TEST_AMQP_URL } from './test-env';

/**
 * Unique RabbitMQ names for one test file: `name('notifications.email')` gives
 * `t.<id>.notifications.email`. Everything named through it is deleted by `cleanup()`.
 */
export class BrokerNamespace {
  readonly prefix = `t.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  readonly url = TEST_AMQP_URL;
  private readonly queues = new Set<string>();
  private readonly exchanges = new Set<string>();

  queue(base: string): string {
    const name = `${this.prefix}.${base}`;
    this.queues.add(name);
    return name;
  }

  exchange(base: string): string {
    const name = `${this.prefix}.${base}`;
    this.exchanges.add(name);
    return name;
  }

  /** Names an app declared under this namespace (e.g. `RabbitMqTransport.declaredNames()`). */
  track(names: { exchanges: string[]; queues: string[] }): void {
    for (const queue of names.queues) this.queues.add(queue);
    for (const exchange of names.exchanges) this.exchanges.add(exchange);
  }

  async cleanup(): Promise<void> {
    const connection = await connect(this.url);
    try {
      const channel = await connection.createChannel();
      for (const queue of this.queues) await channel.deleteQueue(queue);
      for (const exchange of this.exchanges) await channel.deleteExchange(exchange);
      await channel.close();
    } finally {
      await connection.close();
    }
  }
}

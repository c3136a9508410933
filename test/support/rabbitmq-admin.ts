import { execFileSync } from 'node:child_process';
import { connect } from 'amqplib';
import { TEST_AMQP_URL } from './test-env';

/**
 * Restarts the local RabbitMQ node (stop_app/start_app keeps durable queues and persistent messages,
 * like a real broker restart). Needs rabbitmqctl, as on the CI machine where the suite runs as root.
 */
export function restartLocalBroker(downMs = 1500): Promise<void> {
  const ctl = (...args: string[]) => execFileSync('rabbitmqctl', args, { stdio: 'pipe', timeout: 60_000 });
  ctl('stop_app');
  return new Promise((resolve, reject) =>
    setTimeout(() => {
      try {
        ctl('start_app');
        ctl('await_startup');
        resolve();
      } catch (error) {
        reject(error as Error);
      }
    }, downMs),
  );
}

/** Deletes every queue and exchange named under `prefix.` (what processes declared in a namespace). */
export async function deleteNamespace(prefix: string): Promise<void> {
  const list = (what: 'queues' | 'exchanges') =>
    execFileSync('rabbitmqctl', ['-q', `list_${what}`, 'name'], { encoding: 'utf8', timeout: 60_000 })
      .split('\n')
      .map((line) => line.trim())
      .filter((name) => name.startsWith(`${prefix}.`));
  const connection = await connect(TEST_AMQP_URL);
  try {
    const channel = await connection.createChannel();
    for (const queue of list('queues')) await channel.deleteQueue(queue);
    for (const exchange of list('exchanges')) await channel.deleteExchange(exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}

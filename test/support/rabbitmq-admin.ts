import { execFileSync } from 'node:child_process';

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

import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/load-config';
import { DeadLetters, type DeadLetter } from '../platform/messaging/dead-letters';
import { MessagingMetrics } from '../platform/messaging/messaging-metrics';
import { Outbox } from '../platform/messaging/outbox';
import { MetricsService } from '../platform/observability/metrics.service';
import { DomainError } from '../shared/errors/domain-error';
import { withDatabaseOrRunningApp } from './running-app';

function deadLetters(config: AppConfig, dataSource: DataSource): DeadLetters {
  return new DeadLetters(dataSource, new Outbox(), new MessagingMetrics(new MetricsService(config)));
}

export async function listDeadLetters(
  config: AppConfig,
  options: { consumer?: string; limit: number; offset: number },
): Promise<void> {
  const page = await withDatabaseOrRunningApp(
    config,
    (dataSource) => deadLetters(config, dataSource).list(options),
    async (ask) => (await ask('dead-letters.list', options)) as { items: DeadLetter[]; total: number },
  );
  if (page.items.length === 0) {
    console.log('No dead letters.');
    return;
  }
  for (const letter of page.items) {
    const replayed = letter.replayedAt
      ? `replayed ${new Date(letter.replayedAt).toISOString()}`
      : 'not replayed';
    console.log(
      `${letter.id}  ${new Date(letter.deadLetteredAt).toISOString()}  ${letter.consumer}  ${letter.routingKey}  ` +
        `attempts=${letter.attempts}  ${replayed}\n    ${letter.error}`,
    );
  }
  console.log(`${page.items.length} of ${page.total} shown (offset ${options.offset}).`);
}

export async function replayDeadLetter(config: AppConfig, id: string): Promise<void> {
  try {
    const letter = await withDatabaseOrRunningApp(
      config,
      (dataSource) => deadLetters(config, dataSource).replay(id),
      async (ask) => (await ask('dead-letters.replay', { id })) as DeadLetter,
    );
    console.log(`Replay of ${letter.messageId} queued for ${letter.consumer}; the outbox relay delivers it.`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(`${error.code}: ${error.message}`);
    process.exitCode = 1;
  }
}

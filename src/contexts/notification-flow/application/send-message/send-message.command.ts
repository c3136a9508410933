import { Command } from '@nestjs/cqrs';
import type { Channel } from '../../domain/cadence';
import type { SendRequest } from '../ports/sending-schedules.repository';

export type { SendRequest };

/**
 * Sends a batch of due messages of one channel (a delivery of its queue), exactly once. Resolves when
 * every message is settled; rejects with {@link RetryLaterError} for those to deliver again.
 */
export class SendMessageCommand extends Command<void> {
  constructor(
    readonly channel: Channel,
    readonly requests: SendRequest[],
  ) {
    super();
  }
}

/** Some messages of the batch must be tried again later (transient failures, unsettled reconciliation). */
export class RetryLaterError extends Error {
  constructor(readonly scheduleIds: string[]) {
    super(`${scheduleIds.length} message(s) to retry later`);
    this.name = 'RetryLaterError';
  }
}

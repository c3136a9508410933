import { Command } from '@nestjs/cqrs';
import type { Channel } from '../../domain/cadence';

export interface SendRequest {
  tenantId: string;
  scheduleId: string;
  attempt: number;
  /** an operator replayed the dead-lettered message: a `failed`/`unknown` schedule is tried again */
  replay?: boolean;
}

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

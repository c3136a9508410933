/** What a tenant's messaging has not finished: its outbox rows not yet published and its dead letters. */
export interface OutboxBacklog {
  pending: number;
  /** When the oldest pending row was written; null when none is pending. */
  oldestPendingAt: Date | null;
  /** Pending rows whose last publish attempt failed. */
  failing: number;
}

export interface DeadLetterCounts {
  /** Not replayed yet. */
  waiting: number;
  replayed: number;
}

export abstract class MessagingBacklog {
  abstract outbox(tenantId: string): Promise<OutboxBacklog>;
  abstract deadLetters(tenantId: string): Promise<DeadLetterCounts>;
}

import { Query } from '../../../../shared/ddd/query';
import type { QueueDepth } from '../../transports/message-transport';
import type { DeadLetterCounts, OutboxBacklog } from '../ports/messaging-backlog';

export interface MessagingOverview {
  transport: 'rabbitmq' | 'in-process';
  /** Where the queue figures come from, in words. */
  source: string;
  /** Every consumer of the code base. Queues are shared by all tenants: their figures are counts only. */
  queues: QueueDepth[];
  /** The tenant's own outbox backlog and dead letters. */
  outbox: OutboxBacklog;
  deadLetters: DeadLetterCounts;
}

/** Queue depths and consumers, the tenant's outbox backlog and dead letters: what operators watch. */
export class GetMessagingOverviewQuery extends Query<MessagingOverview> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}

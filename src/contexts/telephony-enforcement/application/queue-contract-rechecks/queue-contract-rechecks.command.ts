import type { EntityManager } from 'typeorm';
import { Command } from '../../../../shared/ddd/command';

/**
 * Queues the tenant's contracts for a recheck of their Magnus lines, in the caller's transaction (the
 * consumer's: the event that asked is never lost and never applied twice).
 */
export class QueueContractRechecksCommand extends Command {
  constructor(
    tenantId: string,
    readonly contractIds: string[],
    readonly tx: EntityManager,
  ) {
    super(tenantId);
  }
}

import type { EntityManager } from 'typeorm';
import { Command } from '../../../../shared/ddd/command';

export interface PaidDebt {
  receivableId: string;
  customerId: string;
  contractId: string | null;
  dueDate: string | null;
  amountCents: number;
}

/**
 * A payment settled an IXC debt before IXC itself says so: the debt is closed `paid` at once, and when it
 * was the debtor's last, every pending message (planned, deferred or already queued) is cancelled. Runs
 * in the caller's transaction (the consumer's inbox).
 */
export class ClosePaidDebtCommand extends Command {
  constructor(
    tenantId: string,
    readonly debt: PaidDebt,
    readonly tx: EntityManager,
  ) {
    super(tenantId);
  }
}

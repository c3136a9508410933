import type { EntityManager } from 'typeorm';
import { Command } from '../../../../shared/ddd/command';

/**
 * Debts went to collections (debt-escalation opened a case): the regular cadence stops chasing them.
 * Ids as the source's own (`source` names it: `ixc`…), mapped here to this context's `<source>:<id>`.
 */
export class StopEscalatedDebtsCommand extends Command<void> {
  constructor(
    tenantId: string,
    readonly source: string,
    readonly debtorId: string,
    readonly contractId: string | null,
    readonly debts: Array<{ debtId: string; dueDate: string; amountCents: number }>,
    readonly tx: EntityManager,
  ) {
    super(tenantId);
  }
}

import type { EntityManager } from 'typeorm';
import { Command } from '../../../../shared/ddd/command';

/**
 * A contract ended (cancelled in the source): its open debts stop being chased (`contract_cancelled`),
 * and a debtor left owing nothing has their pending messages cancelled. In the caller's transaction.
 */
export class CloseContractDebtsCommand extends Command {
  constructor(
    tenantId: string,
    readonly contractId: string,
    readonly tx: EntityManager,
  ) {
    super(tenantId);
  }
}

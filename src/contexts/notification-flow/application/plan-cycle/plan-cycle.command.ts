import type { EntityManager } from 'typeorm';
import { Command } from '../../../../shared/ddd/command';
import type { OpenDebt } from '../../domain/debts';

/**
 * A debt another context announced open (due soon, overdue): the debtor and the debt are recorded and
 * the debtor's cycle is planned (started on the tenant's default flow if none is open). Runs in the
 * caller's transaction (the consumer's: the inbox row commits with it). The source's version of the
 * debt orders its events, not their arrival: an older one changes nothing.
 */
export class PlanCycleCommand extends Command {
  constructor(
    tenantId: string,
    readonly debt: OpenDebt,
    readonly tx: EntityManager,
  ) {
    super(tenantId);
  }
}

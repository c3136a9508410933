import type { EntityManager } from 'typeorm';
import { Command } from '../../../../shared/ddd/command';
import type { OverdueDebt } from '../../domain/escalation-rule';

export interface EscalationOutcome {
  /** cases this call opened */
  opened: number;
  /** debts that joined a case already open */
  joined: number;
  /** debts already in a case, left alone */
  known: number;
}

/**
 * Escalates the debts that are past the tenant's threshold: one case per source + debtor + contract.
 * `today` (tenant's calendar) and `tx` come from a consumer: the event's own day, and its transaction.
 */
export class EscalateDebtsCommand extends Command<EscalationOutcome> {
  constructor(
    tenantId: string,
    readonly debts: OverdueDebt[],
    readonly options: { today?: string; tx?: EntityManager } = {},
  ) {
    super(tenantId);
  }
}

import { Command } from '../../../../shared/ddd/command';
import type { EscalationOutcome } from '../escalate-debts/escalate-debts.command';

export type EscalationRunOutcome = EscalationOutcome & {
  /** debts the sources reported past the threshold */
  candidates: number;
  /** sources asked (those the tenant enabled and has) */
  sources: string[];
};

/** The periodic job (ESCALATION_CRON): every enabled source is asked for debts past the threshold. */
export class EscalateOverdueDebtsCommand extends Command<EscalationRunOutcome> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}

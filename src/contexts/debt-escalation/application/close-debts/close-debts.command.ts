import type { EntityManager } from 'typeorm';
import { Command } from '../../../../shared/ddd/command';
import { mergeClosedDebts, type ClosedDebt, type DebtSource } from '../../domain/escalation-rule';

export type { ClosedDebt };

/**
 * Debts were paid or cancelled at their source: a case with nothing left owed settles by itself. A debt no
 * case holds yet is remembered as closed, so a late `overdue` event of an older version opens nothing.
 * A debt listed twice counts once, as closing the two one after the other would (`mergeClosedDebts`).
 */
export class CloseDebtsCommand extends Command<{ settled: number }> {
  readonly debts: ClosedDebt[];

  constructor(
    tenantId: string,
    readonly source: DebtSource,
    debts: Array<string | ClosedDebt>,
    readonly status: 'paid' | 'cancelled',
    readonly tx?: EntityManager,
  ) {
    super(tenantId);
    this.debts = mergeClosedDebts(debts.map((d) => (typeof d === 'string' ? { debtId: d } : d)));
  }
}

import type { DebtSource, OverdueDebt } from '../../domain/escalation-rule';

/**
 * Where debts come from: one adapter per context that owns debts (sync-ixc receivables, debtor-sync
 * installments), each asking that context through its `contracts/` query. Pages, so a large mirror is
 * never held in memory at once.
 */
export abstract class OverdueDebtSource {
  abstract readonly source: DebtSource;
  /** Whether the tenant has this source at all (an ISP has no clinic API). */
  abstract available(tenantId: string): Promise<boolean>;
  abstract pages(tenantId: string, minDaysOverdue: number): AsyncIterable<OverdueDebt[]>;
}

/** The multi-provider token the adapters are bound to. */
export const OVERDUE_DEBT_SOURCES = Symbol('OVERDUE_DEBT_SOURCES');

import type { EntityManager } from 'typeorm';
import { Command } from '../../../../shared/ddd/command';
import { onePerDebt, type ClosedDebt, type CloseReason } from '../../domain/debts';

/**
 * The source settled a debt (paid, cancelled, escalated elsewhere): when it was the debtor's last open
 * one, pending messages are cancelled at once and the cycle ends. A debt not known yet is remembered
 * closed, so that its (older) opening, handled later, cannot reopen it. In the caller's transaction.
 * Several debts at once (a consumer's batch): one statement, then each debtor left with none is settled.
 */
export class CloseDebtCommand extends Command {
  /** each debt once (a debt repeated in `debt`: its first entry) */
  readonly debts: readonly ClosedDebt[];

  constructor(
    tenantId: string,
    debt: ClosedDebt | readonly ClosedDebt[],
    readonly reason: CloseReason,
    readonly tx: EntityManager,
  ) {
    super(tenantId);
    this.debts = onePerDebt(Array.isArray(debt) ? debt : [debt as ClosedDebt]);
  }
}

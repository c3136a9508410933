import type { EntityManager } from 'typeorm';
import { Command } from '../../../../shared/ddd/command';
import type { ClosedDebt, CloseReason } from '../../domain/debts';

/**
 * The source settled a debt (paid, cancelled, escalated elsewhere): when it was the debtor's last open
 * one, pending messages are cancelled at once and the cycle ends. A debt not known yet is remembered
 * closed, so that its (older) opening, handled later, cannot reopen it. In the caller's transaction.
 */
export class CloseDebtCommand extends Command {
  constructor(
    tenantId: string,
    readonly debt: ClosedDebt,
    readonly reason: CloseReason,
    readonly tx: EntityManager,
  ) {
    super(tenantId);
  }
}

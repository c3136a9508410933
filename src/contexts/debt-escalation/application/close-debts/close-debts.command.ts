import type { EntityManager } from 'typeorm';
import { Command } from '../../../../shared/ddd/command';
import type { DebtSource } from '../../domain/escalation-rule';

/** Debts were paid or cancelled at their source: a case with nothing left owed settles by itself. */
export class CloseDebtsCommand extends Command<{ settled: number }> {
  constructor(
    tenantId: string,
    readonly source: DebtSource,
    readonly debtIds: string[],
    readonly status: 'paid' | 'cancelled',
    readonly tx?: EntityManager,
  ) {
    super(tenantId);
  }
}

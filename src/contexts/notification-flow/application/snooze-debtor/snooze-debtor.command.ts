import { Command } from '@nestjs/cqrs';
import type { DebtorCommandResult } from '../debtors/debtor-changes';

/** Longest snooze an operator may set. */
export const MAX_SNOOZE_DAYS = 90;

/** Nothing goes out to the debtor before `until` (future, at most {@link MAX_SNOOZE_DAYS} ahead). */
export class SnoozeDebtorCommand extends Command<DebtorCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly debtorId: string,
    readonly until: Date,
    /** the operator, for the history */
    readonly by: string | null,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { DebtorCommandResult } from '../debtors/debtor-changes';

/**
 * Contact allowed again from now on: the debtor's open cycle is planned again from now (steps the
 * opt-out cancelled that are still to come, the latest passed one now; see CyclePlanner.resumeCycle).
 */
export class OptInDebtorCommand extends Command<DebtorCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly debtorId: string,
    /** the operator, for the history */
    readonly by: string | null,
  ) {
    super();
  }
}

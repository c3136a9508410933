import { Command } from '@nestjs/cqrs';
import type { DebtorCommandResult } from '../debtors/debtor-changes';

/** An operator cancels every pending schedule of a debtor (planned, deferred, queued; reason `operator`). */
export class CancelDebtorCommand extends Command<DebtorCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly debtorId: string,
    /** the operator, for the history */
    readonly by: string | null,
  ) {
    super();
  }
}

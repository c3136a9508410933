import { Command } from '@nestjs/cqrs';
import type { DebtorCommandResult } from '../debtors/debtor-changes';

/** Who asked: an operator through the API, or the debtor by replying (e.g. "SAIR"). */
export type OptOutSource = 'operator' | 'reply';

/**
 * The debtor asked not to be contacted (or an operator recorded it): opted out, every pending schedule
 * cancelled (reason `opt_out`).
 */
export class OptOutDebtorCommand extends Command<DebtorCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly debtorId: string,
    readonly source: OptOutSource,
    readonly reason: string | null,
  ) {
    super();
  }
}

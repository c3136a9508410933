import { Command } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { DebtorCommandResult } from '../debtors/debtor-changes';

/** Who asked: an operator through the API, or the debtor by replying (e.g. "SAIR"). */
export type OptOutSource = 'operator' | 'reply';

/**
 * The debtor asked not to be contacted (or an operator recorded it): opted out, every pending schedule
 * cancelled (reason `opt_out`). With `tx` it runs in the caller's transaction (a stop-word reply: the
 * opt-out commits with the reply's history line, so a redelivered webhook is recognised); otherwise in
 * its own.
 */
export class OptOutDebtorCommand extends Command<DebtorCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly debtorId: string,
    readonly source: OptOutSource,
    readonly reason: string | null,
    readonly tx?: EntityManager,
  ) {
    super();
  }
}

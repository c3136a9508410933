import { Command } from '../../../../shared/ddd/command';

/** A contract's VoIP line was unblocked at `at`: closes "payment → line restored" for its newest payment. */
export class MeasureRestoreCommand extends Command {
  constructor(
    tenantId: string,
    readonly contractId: string,
    readonly at: Date,
  ) {
    super(tenantId);
  }
}

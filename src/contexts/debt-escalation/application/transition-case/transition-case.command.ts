import { Command } from '../../../../shared/ddd/command';
import type { CaseState } from '../../domain/collection-case.aggregate';

/** An operator moves a case along its state machine; `by` is the operator, kept in the history. */
export class TransitionCaseCommand extends Command<{ id: string; state: CaseState }> {
  constructor(
    tenantId: string,
    readonly caseId: string,
    readonly to: CaseState,
    readonly by: string,
    readonly note: string | null,
  ) {
    super(tenantId);
  }
}

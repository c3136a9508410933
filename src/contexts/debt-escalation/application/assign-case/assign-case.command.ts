import { Command } from '../../../../shared/ddd/command';

/** Gives a case to someone in the collections team (null: nobody); `by` is kept in the history. */
export class AssignCaseCommand extends Command<{ id: string; assignee: string | null }> {
  constructor(
    tenantId: string,
    readonly caseId: string,
    readonly assignee: string | null,
    readonly by: string,
    readonly note: string | null,
  ) {
    super(tenantId);
  }
}

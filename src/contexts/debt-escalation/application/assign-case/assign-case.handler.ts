import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseRepository } from '../ports/case.repository';
import { AssignCaseCommand } from './assign-case.command';

@CommandHandler(AssignCaseCommand)
export class AssignCaseHandler implements ICommandHandler<
  AssignCaseCommand,
  { id: string; assignee: string | null }
> {
  constructor(private readonly cases: CaseRepository) {}

  execute(command: AssignCaseCommand): Promise<{ id: string; assignee: string | null }> {
    return this.cases.update(command.metadata.tenantId, command.caseId, (c) => {
      c.assign(command.assignee, command.by, new Date(), command.note);
      return { result: { id: c.id, assignee: c.assignee }, events: [] };
    });
  }
}

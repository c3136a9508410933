import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Flows } from '../flows/flows.repository';
import { ArchiveFlowCommand } from './archive-flow.command';

@CommandHandler(ArchiveFlowCommand)
export class ArchiveFlowHandler implements ICommandHandler<ArchiveFlowCommand, void> {
  constructor(private readonly flows: Flows) {}

  async execute(command: ArchiveFlowCommand): Promise<void> {
    await this.flows.archive(command.metadata.tenantId, command.flowId);
  }
}

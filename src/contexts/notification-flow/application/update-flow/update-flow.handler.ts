import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Flows, type Flow } from '../flows/flows.repository';
import { UpdateFlowCommand } from './update-flow.command';

@CommandHandler(UpdateFlowCommand)
export class UpdateFlowHandler implements ICommandHandler<UpdateFlowCommand, Flow> {
  constructor(private readonly flows: Flows) {}

  execute(command: UpdateFlowCommand): Promise<Flow> {
    return this.flows.update(command.metadata.tenantId, command.flowId, command.changes, command.createdBy);
  }
}

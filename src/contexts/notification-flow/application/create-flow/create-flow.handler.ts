import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Flows, type Flow } from '../flows/flows.repository';
import { CreateFlowCommand } from './create-flow.command';

@CommandHandler(CreateFlowCommand)
export class CreateFlowHandler implements ICommandHandler<CreateFlowCommand, Flow> {
  constructor(private readonly flows: Flows) {}

  execute(command: CreateFlowCommand): Promise<Flow> {
    return this.flows.create(command.metadata.tenantId, command.input, command.createdBy);
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Templates, type MessageTemplate } from '../templates/templates.repository';
import { CreateTemplateCommand } from './create-template.command';

@CommandHandler(CreateTemplateCommand)
export class CreateTemplateHandler implements ICommandHandler<CreateTemplateCommand, MessageTemplate> {
  constructor(private readonly templates: Templates) {}

  execute(command: CreateTemplateCommand): Promise<MessageTemplate> {
    return this.templates.create(command.metadata.tenantId, command.input);
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Templates, type MessageTemplate } from '../templates/templates.repository';
import { UpdateTemplateCommand } from './update-template.command';

@CommandHandler(UpdateTemplateCommand)
export class UpdateTemplateHandler implements ICommandHandler<UpdateTemplateCommand, MessageTemplate> {
  constructor(private readonly templates: Templates) {}

  execute(command: UpdateTemplateCommand): Promise<MessageTemplate> {
    return this.templates.update(command.metadata.tenantId, command.templateId, command.changes);
  }
}

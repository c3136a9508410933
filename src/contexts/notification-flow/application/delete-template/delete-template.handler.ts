import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Templates } from '../templates/templates.repository';
import { DeleteTemplateCommand } from './delete-template.command';

@CommandHandler(DeleteTemplateCommand)
export class DeleteTemplateHandler implements ICommandHandler<DeleteTemplateCommand, void> {
  constructor(private readonly templates: Templates) {}

  async execute(command: DeleteTemplateCommand): Promise<void> {
    await this.templates.remove(command.metadata.tenantId, command.templateId);
  }
}

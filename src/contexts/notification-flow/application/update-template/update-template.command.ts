import { Command } from '../../../../shared/ddd/command';
import type { MessageTemplate, TemplateChanges } from '../templates/templates.repository';

/** Changes the name, subject or variations of a tenant template (built-in ones cannot change: 422). */
export class UpdateTemplateCommand extends Command<MessageTemplate> {
  constructor(
    tenantId: string,
    readonly templateId: string,
    readonly changes: TemplateChanges,
  ) {
    super(tenantId);
  }
}

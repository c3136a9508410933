import { Command } from '../../../../shared/ddd/command';
import type { MessageTemplate, NewTemplate } from '../templates/templates.repository';

/** Writes the tenant's template for a type × channel (replacing the built-in default); 422 lists every problem, 409 when the tenant already has one. */
export class CreateTemplateCommand extends Command<MessageTemplate> {
  constructor(
    tenantId: string,
    readonly input: NewTemplate,
  ) {
    super(tenantId);
  }
}

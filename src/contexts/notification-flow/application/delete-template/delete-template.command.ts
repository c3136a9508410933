import { Command } from '../../../../shared/ddd/command';

/** Deletes a tenant template: its type × channel goes back to the built-in default. */
export class DeleteTemplateCommand extends Command {
  constructor(
    tenantId: string,
    readonly templateId: string,
  ) {
    super(tenantId);
  }
}

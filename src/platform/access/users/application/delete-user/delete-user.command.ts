import { Command } from '../../../../../shared/ddd/command';

/** An admin removes a user of their own tenant; its sessions end with it. */
export class DeleteUserCommand extends Command {
  constructor(
    tenantId: string,
    readonly actor: string,
    readonly userId: string,
  ) {
    super(tenantId);
  }
}

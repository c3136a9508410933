import { Command } from '../../../../../shared/ddd/command';

/** An admin sets a new password for a user of their own tenant (who forgot it, or may be compromised). */
export class ResetUserPasswordCommand extends Command {
  constructor(
    tenantId: string,
    readonly actor: string,
    readonly userId: string,
    readonly password: string,
  ) {
    super(tenantId);
  }
}

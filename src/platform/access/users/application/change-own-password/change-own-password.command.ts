import { Command } from '../../../../../shared/ddd/command';
import type { IssuedToken } from '../../../auth/access-tokens';

/**
 * A logged-in user replaces their own password, proving they know the current one. Every session
 * of that user ends; the answer is a fresh token for the caller, so only the others must log in again.
 */
export class ChangeOwnPasswordCommand extends Command<IssuedToken> {
  constructor(
    tenantId: string,
    readonly userId: string,
    readonly currentPassword: string,
    readonly newPassword: string,
  ) {
    super(tenantId);
  }
}

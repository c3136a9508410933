import { Command } from '../../../../../shared/ddd/command';
import type { UserRole } from '../../../auth.decorators';
import type { UserRecord } from '../../user.store';

/** An admin changes a user of their own tenant: its role, whether it is disabled, or both. */
export class UpdateUserCommand extends Command<UserRecord> {
  constructor(
    tenantId: string,
    readonly actor: string,
    readonly userId: string,
    readonly change: { role?: UserRole; disabled?: boolean },
  ) {
    super(tenantId);
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ResourceNotFoundError } from '../../../access.errors';
import { hashPassword } from '../../../password-hasher';
import { UserAudit } from '../../user-audit';
import { checkPassword } from '../../user-input';
import { UserStore } from '../../user.store';
import { ResetUserPasswordCommand } from './reset-user-password.command';

@CommandHandler(ResetUserPasswordCommand)
export class ResetUserPasswordHandler implements ICommandHandler<ResetUserPasswordCommand, void> {
  constructor(private readonly users: UserStore) {}

  async execute(command: ResetUserPasswordCommand): Promise<void> {
    const { userId } = command;
    const tenantId = command.metadata.tenantId;
    checkPassword(command.password);
    const updated = await this.users.setPassword(tenantId, userId, await hashPassword(command.password));
    if (!updated) throw new ResourceNotFoundError('User', userId);
    UserAudit.record('user.password_reset', { tenantId, actor: command.actor, userId });
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { LastAdminError, ResourceNotFoundError } from '../../../access.errors';
import { UserAudit } from '../../user-audit';
import { UserStore } from '../../user.store';
import { DeleteUserCommand } from './delete-user.command';

@CommandHandler(DeleteUserCommand)
export class DeleteUserHandler implements ICommandHandler<DeleteUserCommand, void> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserStore,
  ) {}

  async execute(command: DeleteUserCommand): Promise<void> {
    const { userId } = command;
    const tenantId = command.metadata.tenantId;
    await this.dataSource.transaction(async (manager) => {
      const admins = await this.users.lockActiveAdmins(manager, tenantId);
      if (admins.length === 1 && admins[0] === userId) throw new LastAdminError();
      if (!(await this.users.delete(manager, tenantId, userId))) {
        throw new ResourceNotFoundError('User', userId);
      }
    });
    UserAudit.record('user.deleted', { tenantId, actor: command.actor, userId });
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { InvalidAdminInputError, LastAdminError, ResourceNotFoundError } from '../../../access.errors';
import { UserAudit } from '../../user-audit';
import { UserStore, type UserRecord } from '../../user.store';
import { UpdateUserCommand } from './update-user.command';

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, UserRecord> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserStore,
  ) {}

  async execute(command: UpdateUserCommand): Promise<UserRecord> {
    const { change, userId } = command;
    const tenantId = command.metadata.tenantId;
    const updated = await this.dataSource.transaction(async (manager) => {
      const admins = await this.users.lockActiveAdmins(manager, tenantId);
      const user = await this.users.find(tenantId, userId, manager);
      if (!user) throw new ResourceNotFoundError('User', userId);
      if (change.role === undefined && change.disabled === undefined) {
        throw new InvalidAdminInputError('Send "role", "disabled" or both');
      }
      const stopsBeingAdmin = change.role === 'operator' || change.disabled === true;
      if (stopsBeingAdmin && admins.length === 1 && admins[0] === userId) throw new LastAdminError();
      const changed = await this.users.update(manager, tenantId, userId, change);
      // Deleted by a concurrent request since it was read.
      if (!changed) throw new ResourceNotFoundError('User', userId);
      return changed;
    });
    UserAudit.record('user.updated', { tenantId, actor: command.actor, userId, change });
    return updated;
  }
}

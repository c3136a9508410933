import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SyncRun } from '../ports/sync-run.repository';
import { SyncRunner } from '../sync/sync-runner';
import { StartSyncCommand } from './start-sync.command';

@CommandHandler(StartSyncCommand)
export class StartSyncHandler implements ICommandHandler<StartSyncCommand, SyncRun> {
  constructor(private readonly runner: SyncRunner) {}

  execute(command: StartSyncCommand): Promise<SyncRun> {
    return this.runner.start(command.metadata.tenantId, command.mode, command.resources, command.trigger);
  }
}

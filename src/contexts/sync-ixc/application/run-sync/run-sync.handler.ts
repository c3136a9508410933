import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SyncRun } from '../ports/sync-run.repository';
import { SyncRunner } from '../sync/sync-runner';
import { RunSyncCommand } from './run-sync.command';

@CommandHandler(RunSyncCommand)
export class RunSyncHandler implements ICommandHandler<RunSyncCommand, SyncRun> {
  constructor(private readonly runner: SyncRunner) {}

  execute(command: RunSyncCommand): Promise<SyncRun> {
    return this.runner.runNow(command.metadata.tenantId, command.mode, command.resources, command.trigger);
  }
}

import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SYNC_RESOURCES } from '../ports/ixc-source';
import { MirrorRepository } from '../ports/mirror.repository';
import type { SyncRun } from '../ports/sync-run.repository';
import { SyncRunner } from '../sync/sync-runner';
import { RunFirstSyncCommand } from './run-first-sync.command';

@CommandHandler(RunFirstSyncCommand)
export class RunFirstSyncHandler implements ICommandHandler<RunFirstSyncCommand, SyncRun | null> {
  private readonly logger = new Logger('IxcSyncCron');

  constructor(
    private readonly mirror: MirrorRepository,
    private readonly runner: SyncRunner,
  ) {}

  async execute(command: RunFirstSyncCommand): Promise<SyncRun | null> {
    const tenantId = command.metadata.tenantId;
    if (await this.mirror.hasSynced(tenantId)) return null;
    this.logger.log({ tenantId }, 'First IXC sync of this tenant: full');
    return this.runner.runNow(tenantId, 'full', [...SYNC_RESOURCES], 'schedule');
  }
}

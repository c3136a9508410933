import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CoveredClinicNotFoundError } from '../../debtor-sync.errors';
import { ClinicCoverageRepository } from '../ports/clinic-coverage.repository';
import type { DebtorSyncRun } from '../ports/debtor-sync-run.repository';
import { DebtorSyncRunner } from '../sync/debtor-sync-runner';
import { RunDebtorSyncCommand } from './run-debtor-sync.command';

@CommandHandler(RunDebtorSyncCommand)
export class RunDebtorSyncHandler implements ICommandHandler<RunDebtorSyncCommand, DebtorSyncRun> {
  constructor(
    private readonly coverage: ClinicCoverageRepository,
    private readonly runner: DebtorSyncRunner,
  ) {}

  async execute(command: RunDebtorSyncCommand): Promise<DebtorSyncRun> {
    const clinic = await this.coverage.get(command.metadata.tenantId, command.clinicId);
    if (!clinic) throw new CoveredClinicNotFoundError(command.clinicId);
    return this.runner.runNow(clinic, command.trigger);
  }
}

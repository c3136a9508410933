import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CoveredClinicNotFoundError, DebtorSyncInProgressError } from '../../debtor-sync.errors';
import { ClinicCoverageRepository } from '../ports/clinic-coverage.repository';
import type { DebtorSyncRun } from '../ports/debtor-sync-run.repository';
import { DebtorSyncRunner } from '../sync/debtor-sync-runner';
import { StartDebtorSyncCommand } from './start-debtor-sync.command';

@CommandHandler(StartDebtorSyncCommand)
export class StartDebtorSyncHandler implements ICommandHandler<StartDebtorSyncCommand, DebtorSyncRun[]> {
  constructor(
    private readonly coverage: ClinicCoverageRepository,
    private readonly runner: DebtorSyncRunner,
  ) {}

  async execute(command: StartDebtorSyncCommand): Promise<DebtorSyncRun[]> {
    const tenantId = command.metadata.tenantId;
    if (command.clinicId) {
      const clinic = await this.coverage.get(tenantId, command.clinicId);
      if (!clinic) throw new CoveredClinicNotFoundError(command.clinicId);
      return [await this.runner.start(clinic, 'api')];
    }
    const runs: DebtorSyncRun[] = [];
    for (const clinic of await this.coverage.list(tenantId, 'covered')) {
      try {
        runs.push(await this.runner.start(clinic, 'api'));
      } catch (error) {
        if (!(error instanceof DebtorSyncInProgressError)) throw error;
      }
    }
    return runs;
  }
}

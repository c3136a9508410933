import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  AmbiguousClinicError,
  ClinicNotFoundError,
  DebtorSyncInProgressError,
} from '../../debtor-sync.errors';
import { ClinicCoverageRepository } from '../ports/clinic-coverage.repository';
import { ClinicSource, type ClinicInfo } from '../ports/clinic-source';
import { DebtorSyncRunner } from '../sync/debtor-sync-runner';
import { RegisterCoverageCommand } from './register-coverage.command';

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();

@CommandHandler(RegisterCoverageCommand)
export class RegisterCoverageHandler implements ICommandHandler<RegisterCoverageCommand> {
  constructor(
    private readonly source: ClinicSource,
    private readonly coverage: ClinicCoverageRepository,
    private readonly runner: DebtorSyncRunner,
  ) {}

  async execute(command: RegisterCoverageCommand) {
    const tenantId = command.metadata.tenantId;
    const info = await this.find(tenantId, command.by);
    const { clinic, created } = await this.coverage.register(tenantId, info);
    try {
      return { clinic, created, run: await this.runner.start(clinic, 'coverage') };
    } catch (error) {
      // Registered already and syncing: the coverage stands, the run in flight is the initial one.
      if (error instanceof DebtorSyncInProgressError) return { clinic, created, run: null };
      throw error;
    }
  }

  private async find(tenantId: string, by: RegisterCoverageCommand['by']): Promise<ClinicInfo> {
    if ('externalId' in by) {
      const found = await this.source.findById(tenantId, by.externalId);
      if (!found) throw new ClinicNotFoundError(`external id ${by.externalId}`);
      return found;
    }
    const matches = (await this.source.searchByName(tenantId, by.name)).filter((c) => c.active);
    // An exact name wins over the clinics that merely contain it ("Centro" vs "Centro Sul").
    const exact = matches.filter((c) => fold(c.name) === fold(by.name));
    const candidates = exact.length === 1 ? exact : matches;
    if (candidates.length === 0) throw new ClinicNotFoundError(`the name "${by.name}"`);
    if (candidates.length > 1)
      throw new AmbiguousClinicError(
        by.name,
        candidates.map((c) => ({ externalId: c.externalId, name: c.name })),
      );
    return candidates[0]!;
  }
}

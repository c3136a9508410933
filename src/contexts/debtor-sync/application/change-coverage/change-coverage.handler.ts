import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CoverageEndedError, CoveredClinicNotFoundError } from '../../debtor-sync.errors';
import {
  ClinicCoverageRepository,
  type Coverage,
  type CoveredClinic,
} from '../ports/clinic-coverage.repository';
import { ChangeCoverageCommand } from './change-coverage.command';

const TARGET: Record<ChangeCoverageCommand['action'], Coverage> = {
  pause: 'paused',
  resume: 'covered',
  end: 'ended',
};

@CommandHandler(ChangeCoverageCommand)
export class ChangeCoverageHandler implements ICommandHandler<ChangeCoverageCommand, CoveredClinic> {
  constructor(private readonly coverage: ClinicCoverageRepository) {}

  async execute(command: ChangeCoverageCommand): Promise<CoveredClinic> {
    const tenantId = command.metadata.tenantId;
    const clinic = await this.coverage.get(tenantId, command.clinicId);
    if (!clinic) throw new CoveredClinicNotFoundError(command.clinicId);
    const target = TARGET[command.action];
    if (clinic.coverage === target) return clinic;
    if (clinic.coverage === 'ended') throw new CoverageEndedError(clinic.id);
    return this.coverage.setCoverage(tenantId, clinic.id, target);
  }
}

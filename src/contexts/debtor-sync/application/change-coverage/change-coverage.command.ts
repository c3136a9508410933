import { Command } from '../../../../shared/ddd/command';
import type { CoveredClinic } from '../ports/clinic-coverage.repository';

/**
 * Pauses, resumes or ends a clinic's coverage. A clinic that is not covered is never synced, and leaving
 * coverage announces its contracts as `uncovered`, which stops their cadence. An ended coverage is resumed
 * only by registering the clinic again.
 */
export class ChangeCoverageCommand extends Command<CoveredClinic> {
  constructor(
    tenantId: string,
    readonly clinicId: string,
    readonly action: 'pause' | 'resume' | 'end',
  ) {
    super(tenantId);
  }
}

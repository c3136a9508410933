import { Command } from '../../../../shared/ddd/command';
import type { CoveredClinic } from '../ports/clinic-coverage.repository';
import type { DebtorSyncRun } from '../ports/debtor-sync-run.repository';

/**
 * Covers a clinic found in the clinic API by name (contains, accents and case folded) or by its external id,
 * and starts its initial sync at once. No match → ClinicNotFoundError; several → AmbiguousClinicError listing
 * them. A clinic covered already just answers (and syncs) again; a paused or ended one is covered again.
 */
export class RegisterCoverageCommand extends Command<{
  clinic: CoveredClinic;
  created: boolean;
  run: DebtorSyncRun | null;
}> {
  constructor(
    tenantId: string,
    readonly by: { name: string } | { externalId: string },
  ) {
    super(tenantId);
  }
}

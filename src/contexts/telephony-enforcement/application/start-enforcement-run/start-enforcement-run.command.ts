import { Command } from '../../../../shared/ddd/command';
import type { EnforcementRun, RunTrigger } from '../../domain/enforcement-run';

export interface RunRequest {
  trigger: RunTrigger;
  dryRun: boolean;
  /** apply even if the safety breaker trips (an operator's explicit decision) */
  force?: boolean;
  usernames?: string[];
  /** fast path: only the lines linked to these contracts */
  contractIds?: string[];
  requestedBy?: string;
}

/**
 * Starts a reconcile run of the tenant: full or scoped (usernames, contracts), dry or real, forced or not.
 * Returns the run at once (`running`, planning continues in the background), or with `untilPlanned` once
 * its plan is saved (schedules, the fast path, tests).
 */
export class StartEnforcementRunCommand extends Command<EnforcementRun> {
  constructor(
    tenantId: string,
    readonly request: RunRequest,
    readonly untilPlanned = false,
  ) {
    super(tenantId);
  }
}

import { Command } from '../../../../shared/ddd/command';
import type { UserRole } from '../../../../platform/access/auth.decorators';
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
  /**
   * The role of the person who asked through the API: a real or forced run needs an admin. Absent for
   * schedules and the context's own callers, which decide on their own authority.
   */
  actorRole?: UserRole;
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

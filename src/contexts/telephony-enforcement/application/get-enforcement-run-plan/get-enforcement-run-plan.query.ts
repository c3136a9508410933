import { Query } from '../../../../shared/ddd/query';
import type { ActionOutcome, EnforcementActionRecord, EnforcementRun } from '../../domain/enforcement-run';

export interface EnforcementRunPlan {
  run: EnforcementRun;
  actions: { items: EnforcementActionRecord[]; total: number };
}

/** A run with a page of its actions (NoChange left out unless asked for). */
export class GetEnforcementRunPlanQuery extends Query<EnforcementRunPlan> {
  constructor(
    tenantId: string,
    readonly runId: string,
    readonly page: { includeNoChange: boolean; limit: number; offset: number; outcome?: ActionOutcome },
  ) {
    super(tenantId);
  }
}

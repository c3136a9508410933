import { Query } from '../../../../shared/ddd/query';
import type { EnforcementRun } from '../../domain/enforcement-run';

export interface EnforcementRunList {
  items: EnforcementRun[];
  total: number;
}

/** The tenant's reconcile runs, newest first. */
export class GetEnforcementRunsQuery extends Query<EnforcementRunList> {
  constructor(
    tenantId: string,
    readonly limit: number,
    readonly offset: number,
  ) {
    super(tenantId);
  }
}

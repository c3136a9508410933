import { Query } from '../../../../shared/ddd/query';
import type { AutomationAction, Candidate } from '../../domain/overdue-automation';

export interface DryRunResult {
  thresholdDays: number;
  enabled: boolean;
  actions: AutomationAction[];
  items: Candidate[];
  total: number;
}

/** What the N-days-overdue rule would fire now (nothing is written); `receivableIds` narrows it. */
export class DryRunOverdueAutomationQuery extends Query<DryRunResult> {
  constructor(
    tenantId: string,
    readonly receivableIds?: string[],
  ) {
    super(tenantId);
  }
}

import { Query } from '../../../../shared/ddd/query';
import type { AutomationSettings } from '../../domain/overdue-automation';

/** The tenant's N-days-overdue rule (the defaults when it never saved one). */
export class GetAutomationSettingsQuery extends Query<AutomationSettings> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}

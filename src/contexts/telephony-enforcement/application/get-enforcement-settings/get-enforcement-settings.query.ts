import { Query } from '../../../../shared/ddd/query';
import type { EnforcementSettings } from '../../domain/enforcement-settings';

/** The tenant's status mapping, blocked values, allow-list and breaker limits (defaults filled in). */
export class GetEnforcementSettingsQuery extends Query<EnforcementSettings> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}

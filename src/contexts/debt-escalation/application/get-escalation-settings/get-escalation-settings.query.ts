import { Query } from '../../../../shared/ddd/query';
import type { EscalationSettings } from '../../domain/escalation-rule';

export class GetEscalationSettingsQuery extends Query<EscalationSettings> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}

import type { EntityManager } from 'typeorm';
import type { EscalationSettings } from '../../domain/escalation-rule';

export abstract class EscalationSettingsRepository {
  /** The tenant's settings, the defaults when it never saved any. */
  abstract get(tenantId: string, tx?: EntityManager): Promise<EscalationSettings>;
  abstract save(tenantId: string, settings: EscalationSettings): Promise<void>;
}

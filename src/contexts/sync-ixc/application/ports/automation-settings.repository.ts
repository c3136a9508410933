import type { AutomationSettings } from '../../domain/overdue-automation';

/** The tenant's overdue-automation settings (`sync_ixc.automation_settings`). */
export abstract class AutomationSettingsRepository {
  /** The saved settings, or null when the tenant never saved any. */
  abstract find(tenantId: string): Promise<AutomationSettings | null>;
  abstract save(tenantId: string, settings: AutomationSettings): Promise<void>;
}

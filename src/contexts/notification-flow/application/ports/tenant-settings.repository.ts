import type { EntityManager } from 'typeorm';
import type { StoredSettings } from '../../domain/notification-settings';

/** A tenant's WhatsApp pause: since when and why. */
export interface WhatsappPauseState {
  since: Date;
  reason: string;
}

/**
 * `notification_flow.tenant_settings`: the settings a tenant saved (only what it changed; defaults are
 * filled in by NotificationSettingsStore) and its WhatsApp pause, plus the schedules a pause holds.
 */
export abstract class TenantSettingsRepository {
  /** What the tenant saved; null when it never saved anything. */
  abstract stored(tenantId: string, manager?: EntityManager): Promise<StoredSettings | null>;

  /** As `stored`, locking the row (until `tx` ends) when there is one. */
  abstract lockStored(tx: EntityManager, tenantId: string): Promise<StoredSettings | null>;

  abstract save(tx: EntityManager, tenantId: string, stored: StoredSettings): Promise<void>;

  /** Saves `stored` only when the tenant has no settings row yet; whether it did. */
  abstract saveIfMissing(tenantId: string, stored: StoredSettings): Promise<boolean>;

  abstract whatsappPause(tenantId: string, manager?: EntityManager): Promise<WhatsappPauseState | null>;

  /** The pause, locking the tenant's row until `tx` ends. */
  abstract lockWhatsappPause(tx: EntityManager, tenantId: string): Promise<WhatsappPauseState | null>;

  /** `reason` null lifts the pause; a new reason keeps the pause's start. */
  abstract setWhatsappPause(tenantId: string, reason: string | null, manager: EntityManager): Promise<void>;

  /** Tenants whose WhatsApp is paused, longest paused first. */
  abstract pausedTenants(): Promise<string[]>;

  /** WhatsApp schedules deferred until the pause ends. */
  abstract heldByPause(tenantId: string, manager?: EntityManager): Promise<number>;

  /** The schedules the pause held made due now; how many. */
  abstract releaseHeldByPause(tx: EntityManager, tenantId: string): Promise<number>;
}

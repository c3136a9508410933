import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { DataSource, type EntityManager } from 'typeorm';
import { GetTenantQuery } from '../../../../platform/access/contracts';
import { DEFAULT_BUSINESS_HOURS } from '../../domain/business-hours';
import {
  DEFAULT_THROTTLES,
  mergeNotificationSettings,
  type NotificationSettings,
  type StoredSettings,
} from '../../domain/notification-settings';
import { InvalidNotificationSettingsError } from '../../notification-flow.errors';
import { TenantSettingsRepository, type WhatsappPauseState } from '../ports/tenant-settings.repository';

export {
  DEFAULT_THROTTLES,
  mergeNotificationSettings,
  type NotificationSettings,
  type StoredSettings,
  type Throttle,
} from '../../domain/notification-settings';

/**
 * Per-tenant dunning settings (`notification_flow.tenant_settings`), defaults filled in: the time zone
 * and the company name default to the tenant's (GetTenantQuery).
 */
@Injectable()
export class NotificationSettingsStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TenantSettingsRepository,
    private readonly queries: QueryBus,
  ) {}

  async get(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<NotificationSettings> {
    const tenant = await this.queries.execute(new GetTenantQuery(tenantId, manager));
    const stored = await this.store.stored(tenantId, manager);
    const defaults: NotificationSettings = {
      businessHours: {
        ...DEFAULT_BUSINESS_HOURS,
        timeZone: tenant?.timeZone ?? DEFAULT_BUSINESS_HOURS.timeZone,
      },
      extraClosedDays: [],
      throttles: DEFAULT_THROTTLES,
      companyName: null,
      enabled: true,
    };
    const { settings } = mergeNotificationSettings(defaults, stored ?? {});
    return { ...settings, companyName: settings.companyName ?? tenant?.name ?? null };
  }

  /** Validates the merged result; nothing is saved when any field is wrong. */
  async update(tenantId: string, patch: StoredSettings): Promise<NotificationSettings> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.store.lockStored(tx, tenantId);
      const current = await this.get(tenantId, tx);
      const { settings, problems } = mergeNotificationSettings(current, patch);
      if (problems.length > 0) throw new InvalidNotificationSettingsError(problems);
      await this.store.save(tx, tenantId, { ...(row ?? {}), ...patch });
      return settings;
    });
  }

  /** WhatsApp paused for the tenant (instance not `open`): since when and why; null when running. */
  whatsappPause(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<WhatsappPauseState | null> {
    return this.store.whatsappPause(tenantId, manager);
  }

  setWhatsappPause(tenantId: string, reason: string | null, manager: EntityManager): Promise<void> {
    return this.store.setWhatsappPause(tenantId, reason, manager);
  }
}

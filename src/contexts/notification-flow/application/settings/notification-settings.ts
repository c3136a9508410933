import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CHANNELS, type Channel } from '../../domain/cadence';
import {
  businessHoursProblems,
  DEFAULT_BUSINESS_HOURS,
  type BusinessHours,
  type DayWindow,
} from '../../domain/business-hours';
import { InvalidNotificationSettingsError } from '../../notification-flow.errors';

/** Messages per minute (sliding 60 s) and per local day; null = no limit. */
export interface Throttle {
  perMinute: number | null;
  perDay: number | null;
}

export interface NotificationSettings {
  /** Weekly window, Sunday first; the time zone is the tenant's unless set here. */
  businessHours: BusinessHours;
  /** Tenant-specific closed dates (`yyyy-mm-dd`), on top of Brazilian national holidays. */
  extraClosedDays: string[];
  throttles: Record<Channel, Throttle>;
  /** Shown to debtors in messages (`{{company.name}}`); defaults to the tenant's name. */
  companyName: string | null;
  /** When false, no new cadence is planned (pending ones still go out). */
  enabled: boolean;
}

/** Defaults: generous for e-mail and SMS, careful for WhatsApp (ban risk, seed 003). */
export const DEFAULT_THROTTLES: Record<Channel, Throttle> = {
  email: { perMinute: 600, perDay: null },
  sms: { perMinute: 300, perDay: null },
  whatsapp: { perMinute: 30, perDay: 2000 },
};

type StoredSettings = Partial<Omit<NotificationSettings, 'businessHours' | 'throttles'>> & {
  businessHours?: Partial<BusinessHours>;
  throttles?: Partial<Record<Channel, Partial<Throttle>>>;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Merges a patch over settings and validates the result as a whole. Pure. */
export function mergeNotificationSettings(
  base: NotificationSettings,
  patch: StoredSettings,
): { settings: NotificationSettings; problems: string[] } {
  const problems: string[] = [];
  const throttles = { ...base.throttles };
  for (const [channel, t] of Object.entries(patch.throttles ?? {})) {
    if (!CHANNELS.includes(channel as Channel)) {
      problems.push(`throttles: unknown channel ${channel}`);
      continue;
    }
    const merged = { ...throttles[channel as Channel], ...t };
    for (const key of ['perMinute', 'perDay'] as const) {
      const v = merged[key];
      if (v !== null && (!Number.isInteger(v) || v < 1 || v > 1_000_000))
        problems.push(`throttles.${channel}.${key} must be a whole number from 1 to 1000000, or null`);
    }
    throttles[channel as Channel] = merged;
  }
  const businessHours: BusinessHours = {
    timeZone: patch.businessHours?.timeZone ?? base.businessHours.timeZone,
    week: (patch.businessHours?.week as Array<DayWindow | null> | undefined) ?? base.businessHours.week,
  };
  problems.push(...businessHoursProblems(businessHours).map((p) => `businessHours: ${p}`));
  const extraClosedDays = patch.extraClosedDays ?? base.extraClosedDays;
  if (!Array.isArray(extraClosedDays) || extraClosedDays.some((d) => typeof d !== 'string' || !DATE.test(d)))
    problems.push('extraClosedDays must be a list of yyyy-mm-dd dates');
  const companyName = patch.companyName === undefined ? base.companyName : patch.companyName;
  if (companyName !== null && (typeof companyName !== 'string' || companyName.length > 120))
    problems.push('companyName must be a string of at most 120 characters, or null');
  const enabled = patch.enabled ?? base.enabled;
  if (typeof enabled !== 'boolean') problems.push('enabled must be true or false');
  return {
    settings: {
      businessHours,
      extraClosedDays: [...extraClosedDays].sort(),
      throttles,
      companyName,
      enabled,
    },
    problems,
  };
}

/** Per-tenant dunning settings (`notification_flow.tenant_settings`), defaults filled in. */
@Injectable()
export class NotificationSettingsStore {
  constructor(private readonly dataSource: DataSource) {}

  async get(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<NotificationSettings> {
    const [row] = (await manager.query(
      `SELECT t.time_zone, t.name, s.settings FROM access.tenants t
         LEFT JOIN notification_flow.tenant_settings s ON s.tenant_id = t.id
        WHERE t.id = $1`,
      [tenantId],
    )) as Array<{ time_zone: string; name: string; settings: StoredSettings | null }>;
    const defaults: NotificationSettings = {
      businessHours: {
        ...DEFAULT_BUSINESS_HOURS,
        timeZone: row?.time_zone ?? DEFAULT_BUSINESS_HOURS.timeZone,
      },
      extraClosedDays: [],
      throttles: DEFAULT_THROTTLES,
      companyName: null,
      enabled: true,
    };
    const { settings } = mergeNotificationSettings(defaults, row?.settings ?? {});
    return { ...settings, companyName: settings.companyName ?? row?.name ?? null };
  }

  /** Validates the merged result; nothing is saved when any field is wrong. */
  async update(tenantId: string, patch: StoredSettings): Promise<NotificationSettings> {
    return this.dataSource.transaction(async (tx) => {
      const [row] = (await tx.query(
        `SELECT settings FROM notification_flow.tenant_settings WHERE tenant_id = $1 FOR UPDATE`,
        [tenantId],
      )) as Array<{ settings: StoredSettings }>;
      const current = await this.get(tenantId, tx);
      const { settings, problems } = mergeNotificationSettings(current, patch);
      if (problems.length > 0) throw new InvalidNotificationSettingsError(problems);
      const stored = { ...(row?.settings ?? {}), ...patch };
      await tx.query(
        `INSERT INTO notification_flow.tenant_settings (tenant_id, settings) VALUES ($1, $2)
         ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
        [tenantId, JSON.stringify(stored)],
      );
      return settings;
    });
  }

  /** WhatsApp paused for the tenant (instance not `open`): since when and why; null when running. */
  async whatsappPause(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ since: Date; reason: string } | null> {
    const [row] = (await manager.query(
      `SELECT whatsapp_paused_at, whatsapp_pause_reason FROM notification_flow.tenant_settings WHERE tenant_id = $1`,
      [tenantId],
    )) as Array<{ whatsapp_paused_at: Date | null; whatsapp_pause_reason: string | null }>;
    return row?.whatsapp_paused_at
      ? { since: row.whatsapp_paused_at, reason: row.whatsapp_pause_reason ?? '' }
      : null;
  }

  async setWhatsappPause(tenantId: string, reason: string | null, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO notification_flow.tenant_settings (tenant_id, whatsapp_paused_at, whatsapp_pause_reason)
       VALUES ($1, CASE WHEN $2::text IS NULL THEN NULL ELSE now() END, $2)
       ON CONFLICT (tenant_id) DO UPDATE
         SET whatsapp_paused_at = CASE WHEN $2::text IS NULL THEN NULL
                                       ELSE COALESCE(tenant_settings.whatsapp_paused_at, now()) END,
             whatsapp_pause_reason = $2, updated_at = now()`,
      [tenantId, reason],
    );
  }
}

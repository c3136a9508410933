import { CHANNELS, type Channel } from './cadence';
import { businessHoursProblems, type BusinessHours, type DayWindow } from './business-hours';

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

export type StoredSettings = Partial<Omit<NotificationSettings, 'businessHours' | 'throttles'>> & {
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

import { nextOpenSlot, type ClosedDay } from '../../domain/business-hours';
import { isMinor, type FlowStep } from '../../domain/cadence';
import { localDate } from '../../../../shared/time/local-date';
import type { NotificationSettings } from '../settings/notification-settings';
import type { DueRow } from '../ports/due-schedules.repository';

export type { DueRow };

/** A paused WhatsApp is looked at again this often. */
const PAUSE_RECHECK_MS = 60_000;

/** What the dispatcher reads once per tenant and pass. */
export interface TenantView {
  settings: NotificationSettings;
  /** the Evolution instance: WhatsApp throttles are per sender number */
  whatsappInstance: string | null;
  closed: ClosedDay;
  whatsappPaused: boolean;
  /** per pass (one clock): the tenant's local date and next open slot, computed once */
  today?: string;
  slot?: Date;
}

export type Verdict =
  | { to: 'queued' }
  | { to: 'cancelled' | 'skipped'; reason: string }
  | { to: 'deferred'; reason: string; until: Date; history: boolean };

/**
 * Whether a due schedule is queued now, stopped for good, or deferred to the next allowed moment (never
 * dropped). `stepOf` is asked only when the cooldown must be checked.
 */
export async function dueVerdict(
  row: DueRow,
  tenant: TenantView,
  now: Date,
  stepOf: () => Promise<FlowStep | undefined>,
): Promise<Verdict> {
  if (row.open_debts === 0) return { to: 'cancelled', reason: 'no_open_debt' };
  if (row.opted_out_at) return { to: 'cancelled', reason: 'opted_out' };
  const today = (tenant.today ??= localDate(now, tenant.settings.businessHours.timeZone));
  if (isMinor(row.birth_date, today)) return { to: 'skipped', reason: 'minor' };
  if (!row.consent) return { to: 'skipped', reason: 'no_consent' };
  if (row.snoozed_until && row.snoozed_until > now)
    return { to: 'deferred', reason: 'snoozed', until: row.snoozed_until, history: true };
  const step = await stepOf();
  if (step && row.last_contact_at && step.cooldownHours > 0) {
    const until = new Date(row.last_contact_at.getTime() + step.cooldownHours * 3_600_000);
    if (until > now) return { to: 'deferred', reason: 'cooldown', until, history: true };
  }
  if (!(row.type === 'notification' && row.all_day)) {
    const slot = (tenant.slot ??= nextOpenSlot(now, tenant.settings.businessHours, tenant.closed));
    if (slot.getTime() > now.getTime()) {
      const holiday = tenant.closed(today);
      return {
        to: 'deferred',
        reason: holiday ? 'holiday' : 'outside_business_hours',
        until: slot,
        history: true,
      };
    }
  }
  if (row.channel === 'whatsapp' && tenant.whatsappPaused)
    return {
      to: 'deferred',
      reason: 'whatsapp_paused',
      until: new Date(now.getTime() + PAUSE_RECHECK_MS),
      history: false,
    };
  return { to: 'queued' };
}

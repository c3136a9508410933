/**
 * How a campaign's contacts look to the ERP, in seed 003's words (`billing_contact.py`,
 * `billing_queue.py`), derived from the schedules that carry them: nothing is stored twice.
 */

/** A contact's status as the seed named them (plus `skipped` and `cancelled`, which it lacked). */
export type ContactStatus =
  'pending' | 'sending' | 'sent' | 'failed' | 'pending_retry' | 'skipped' | 'cancelled';

export const CONTACT_STATUSES: readonly ContactStatus[] = [
  'pending',
  'sending',
  'sent',
  'failed',
  'pending_retry',
  'skipped',
  'cancelled',
];

/**
 * Reasons a schedule carries when its number opted out: at intake or dispatch (`opted_out`), or when a
 * stop-word reply or an operator opted the debtor out while the contact waited (`opt_out`). To the ERP
 * all of them are one thing: the contact was skipped because it opted out.
 */
export const OPT_OUT_REASONS: readonly string[] = ['opted_out', 'opt_out'];

export const isOptOut = (reason: string | null): boolean =>
  reason !== null && OPT_OUT_REASONS.includes(reason);

/** A schedule's status (and why it ended there) → the contact's. */
export function contactStatus(
  scheduleStatus: string,
  attempts: number,
  reason: string | null,
): ContactStatus {
  switch (scheduleStatus) {
    case 'planned':
    case 'deferred':
    case 'queued':
      return attempts > 0 ? 'pending_retry' : 'pending';
    case 'sending':
    case 'unknown':
      return 'sending';
    case 'sent':
      return 'sent';
    case 'failed':
      return 'failed';
    case 'skipped':
      return 'skipped';
    default:
      return isOptOut(reason) ? 'skipped' : 'cancelled';
  }
}

/** The seed's queue statuses (`paused` = throttled, which the seed folded into it). */
export type QueueStatus =
  'pending' | 'running' | 'paused' | 'paused_business_hours' | 'paused_instance_down' | 'completed';

export type PausedReason = 'outside_business_hours' | 'holiday' | 'instance_down' | 'throttled' | null;

export interface QueueCounts {
  total: number;
  byStatus: Record<ContactStatus, number>;
  /** why the contacts still waiting wait (the reason most of them carry) */
  waitingReason: string | null;
}

export interface QueueState {
  status: QueueStatus;
  pausedReason: PausedReason;
  processed: number;
  progressPercentage: number;
}

const PAUSE_OF: Record<string, { status: QueueStatus; reason: PausedReason }> = {
  outside_business_hours: { status: 'paused_business_hours', reason: 'outside_business_hours' },
  holiday: { status: 'paused_business_hours', reason: 'holiday' },
  whatsapp_paused: { status: 'paused_instance_down', reason: 'instance_down' },
  throttled: { status: 'paused', reason: 'throttled' },
};

export function queueState(c: QueueCounts): QueueState {
  const s = c.byStatus;
  const waiting = s.pending + s.pending_retry;
  const processed = c.total - waiting - s.sending;
  const progressPercentage = c.total === 0 ? 100 : Math.floor((processed * 100) / c.total);
  if (waiting + s.sending === 0)
    return { status: 'completed', pausedReason: null, processed, progressPercentage };
  const pause = c.waitingReason ? PAUSE_OF[c.waitingReason] : undefined;
  if (pause && s.sending === 0)
    return { status: pause.status, pausedReason: pause.reason, processed, progressPercentage };
  const started = processed > 0 || s.sending > 0;
  return { status: started ? 'running' : 'pending', pausedReason: null, processed, progressPercentage };
}

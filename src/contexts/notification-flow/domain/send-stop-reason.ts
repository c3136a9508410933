import { isMinor } from './cadence';

/** What the last check before a send reads of the debtor. */
export interface SendCandidate {
  open_debts: number;
  opted_out_at: Date | null;
  birth_date: string | null;
  consent: boolean;
  snoozed_until: Date | null;
}

export type SendStop = { status: 'cancelled' | 'skipped' | 'deferred'; reason: string; until?: Date };

/**
 * Why a claimed message must not go out now (null: it may). Re-checked at claim time because the debtor
 * may have paid, opted out or been snoozed since the dispatcher queued it.
 */
export function sendStopReason(row: SendCandidate, today: string, now: Date): SendStop | null {
  if (row.open_debts === 0) return { status: 'cancelled', reason: 'no_open_debt' };
  if (row.opted_out_at) return { status: 'cancelled', reason: 'opted_out' };
  if (isMinor(row.birth_date, today)) return { status: 'skipped', reason: 'minor' };
  if (!row.consent) return { status: 'skipped', reason: 'no_consent' };
  if (row.snoozed_until && row.snoozed_until > now)
    return { status: 'deferred', reason: 'snoozed', until: row.snoozed_until };
  return null;
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DebtorNotFoundError } from '../../notification-flow.errors';
import { DebtorContacts, type DebtorLock } from '../ports/debtor-contacts.repository';

/** What an operator's change to a debtor answers (cancel, snooze, opt-out, opt-in). */
export interface DebtorCommandResult {
  debtorId: string;
  /** false when the command found nothing to do (already cancelled, opted out, …) */
  changed: boolean;
  /** pending schedules the command cancelled or deferred (opt-in: pending after it) */
  schedules: number;
  optedOutAt: Date | null;
  snoozedUntil: Date | null;
}

/**
 * What the debtor commands share. Each command is one transaction that locks the debtor row, and is
 * idempotent: repeating it changes nothing more and writes no more history. Contact history gets one row
 * per schedule touched (and one per opt-out/opt-in).
 */
@Injectable()
export class DebtorChanges {
  constructor(private readonly contacts: DebtorContacts) {}

  /** Locks the debtor row; a debtor the tenant does not have is a 404. */
  async lock(tx: EntityManager, tenantId: string, debtorId: string): Promise<DebtorLock> {
    const row = await this.contacts.lock(tx, tenantId, debtorId);
    if (!row) throw new DebtorNotFoundError(debtorId);
    return row;
  }

  /** Cancels every pending schedule (planned, deferred, queued) with `reason`, one history row each. */
  async cancelPending(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    reason: string,
    detail: Record<string, unknown>,
  ): Promise<number> {
    const rows = await this.contacts.cancelPending(tx, tenantId, debtorId, reason);
    for (const s of rows)
      await this.history(tx, tenantId, debtorId, s.id, s.channel, 'cancelled', { reason, ...detail });
    return rows.length;
  }

  history(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    scheduleId: string | null,
    channel: string,
    event: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.contacts.insertHistory(tx, { tenantId, debtorId, scheduleId, channel, event, detail });
  }

  result(debtorId: string, changed: boolean, schedules: number, d: DebtorLock): DebtorCommandResult {
    return { debtorId, changed, schedules, optedOutAt: d.opted_out_at, snoozedUntil: d.snoozed_until };
  }
}

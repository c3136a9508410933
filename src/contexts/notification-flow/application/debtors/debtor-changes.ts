import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PENDING_STATUSES } from '../../domain/cadence';
import { DebtorNotFoundError } from '../../notification-flow.errors';

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

export interface DebtorLock {
  opted_out_at: Date | null;
  snoozed_until: Date | null;
}

/**
 * What the debtor commands share. Each command is one transaction that locks the debtor row, and is
 * idempotent: repeating it changes nothing more and writes no more history. Contact history gets one row
 * per schedule touched (and one per opt-out/opt-in).
 */
@Injectable()
export class DebtorChanges {
  /** Locks the debtor row; a debtor the tenant does not have is a 404. */
  async lock(tx: EntityManager, tenantId: string, debtorId: string): Promise<DebtorLock> {
    const [row] = (await tx.query(
      `SELECT opted_out_at, snoozed_until FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, debtorId],
    )) as DebtorLock[];
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
    const [rows] = (await tx.query(
      `UPDATE notification_flow.schedules SET status = 'cancelled', status_reason = $3, updated_at = now()
        WHERE tenant_id = $1 AND debtor_id = $2 AND status = ANY($4)
        RETURNING id, channel`,
      [tenantId, debtorId, reason, PENDING_STATUSES],
    )) as [Array<{ id: string; channel: string }>, number];
    for (const s of rows)
      await this.history(tx, tenantId, debtorId, s.id, s.channel, 'cancelled', { reason, ...detail });
    return rows.length;
  }

  async history(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    scheduleId: string | null,
    channel: string,
    event: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO notification_flow.contact_history (tenant_id, schedule_id, debtor_id, channel, event, detail)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [tenantId, scheduleId, debtorId, channel, event, JSON.stringify(detail)],
    );
  }

  result(debtorId: string, changed: boolean, schedules: number, d: DebtorLock): DebtorCommandResult {
    return { debtorId, changed, schedules, optedOutAt: d.opted_out_at, snoozedUntil: d.snoozed_until };
  }
}

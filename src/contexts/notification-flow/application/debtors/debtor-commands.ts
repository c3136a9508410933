import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PENDING_STATUSES } from '../../domain/cadence';
import { DebtorNotFoundError, InvalidSnoozeError } from '../../notification-flow.errors';
import { DebtIntake } from '../planning/debt-intake';

/** Who asked: an operator through the API, or the debtor by replying (e.g. "SAIR"). */
export type OptOutSource = 'operator' | 'reply';

export interface DebtorCommandResult {
  debtorId: string;
  /** false when the command found nothing to do (already cancelled, opted out, …) */
  changed: boolean;
  /** pending schedules the command cancelled or deferred (opt-in: pending after it) */
  schedules: number;
  optedOutAt: Date | null;
  snoozedUntil: Date | null;
}

/** Longest snooze an operator may set. */
export const MAX_SNOOZE_DAYS = 90;

interface DebtorLock {
  opted_out_at: Date | null;
  snoozed_until: Date | null;
}

/**
 * Operators' (and the delivery webhook's) changes to one debtor. Each command is one transaction that
 * locks the debtor row, and is idempotent: repeating it changes nothing more and writes no more history.
 * Contact history gets one row per schedule touched (and one per opt-out/opt-in).
 */
@Injectable()
export class DebtorCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly intake: DebtIntake,
  ) {}

  /** Cancels every pending schedule (planned, deferred, queued) with reason `operator`. */
  cancel(tenantId: string, debtorId: string, by: string | null): Promise<DebtorCommandResult> {
    return this.dataSource.transaction(async (tx) => {
      const debtor = await this.lock(tx, tenantId, debtorId);
      const schedules = await this.cancelPending(tx, tenantId, debtorId, 'operator', { by });
      return this.result(debtorId, schedules > 0, schedules, debtor);
    });
  }

  /** Nothing goes out before `until`: pending schedules move to `greatest(due_at, until)`, deferred. */
  snooze(tenantId: string, debtorId: string, until: Date, by: string | null): Promise<DebtorCommandResult> {
    const now = Date.now();
    if (Number.isNaN(until.getTime())) throw new InvalidSnoozeError('until must be an ISO date-time');
    if (until.getTime() <= now) throw new InvalidSnoozeError('until must be in the future');
    if (until.getTime() > now + MAX_SNOOZE_DAYS * 24 * 3600_000)
      throw new InvalidSnoozeError(`until must be at most ${MAX_SNOOZE_DAYS} days ahead`);
    return this.dataSource.transaction(async (tx) => {
      const debtor = await this.lock(tx, tenantId, debtorId);
      const sameSnooze = debtor.snoozed_until?.getTime() === until.getTime();
      if (!sameSnooze)
        await tx.query(
          `UPDATE notification_flow.debtors SET snoozed_until = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2`,
          [tenantId, debtorId, until],
        );
      const rows = (await tx.query(
        `UPDATE notification_flow.schedules
            SET due_at = greatest(due_at, $3), status = 'deferred', status_reason = 'snooze', updated_at = now()
          WHERE tenant_id = $1 AND debtor_id = $2 AND status = ANY($4) AND (status <> 'deferred' OR due_at < $3)
          RETURNING id, channel, due_at`,
        [tenantId, debtorId, until, PENDING_STATUSES],
      )) as [Array<{ id: string; channel: string; due_at: Date }>, number];
      const changed = rows[0];
      for (const s of changed) {
        await this.history(tx, tenantId, debtorId, s.id, s.channel, 'deferred', {
          reason: 'snooze',
          until: until.toISOString(),
          by,
        });
      }
      return {
        debtorId,
        changed: !sameSnooze || changed.length > 0,
        schedules: changed.length,
        optedOutAt: debtor.opted_out_at,
        snoozedUntil: until,
      };
    });
  }

  /**
   * The debtor asked not to be contacted (or an operator recorded it): opted out, every pending schedule
   * cancelled (reason `opt_out`). Already opted out: nothing changes, nothing is written.
   */
  optOut(
    tenantId: string,
    debtorId: string,
    source: OptOutSource,
    reason: string | null,
    manager?: EntityManager,
  ): Promise<DebtorCommandResult> {
    const work = async (tx: EntityManager): Promise<DebtorCommandResult> => {
      const debtor = await this.lock(tx, tenantId, debtorId);
      if (debtor.opted_out_at) {
        // Still make sure nothing is left pending (e.g. planned by a race before the opt-out committed).
        const late = await this.cancelPending(tx, tenantId, debtorId, 'opt_out', { source });
        return this.result(debtorId, late > 0, late, debtor);
      }
      const [[updated]] = (await tx.query(
        `UPDATE notification_flow.debtors SET opted_out_at = now(), opt_out_reason = $3, updated_at = now()
          WHERE tenant_id = $1 AND id = $2 RETURNING opted_out_at, snoozed_until`,
        [tenantId, debtorId, reason ?? source],
      )) as [DebtorLock[], number];
      await this.history(
        tx,
        tenantId,
        debtorId,
        null,
        source === 'reply' ? 'whatsapp' : 'operator',
        'opt_out',
        {
          source,
          ...(reason ? { reason } : {}),
        },
      );
      const schedules = await this.cancelPending(tx, tenantId, debtorId, 'opt_out', { source });
      return this.result(debtorId, true, schedules, updated!);
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /**
   * Contact allowed again from now on: the debtor's open cycle is planned again from now (steps the
   * opt-out cancelled that are still to come, the latest passed one now; see DebtIntake.resumeCycle).
   */
  optIn(tenantId: string, debtorId: string, by: string | null): Promise<DebtorCommandResult> {
    return this.dataSource.transaction(async (tx) => {
      const debtor = await this.lock(tx, tenantId, debtorId);
      if (!debtor.opted_out_at) return this.result(debtorId, false, 0, debtor);
      await tx.query(
        `UPDATE notification_flow.debtors SET opted_out_at = NULL, opt_out_reason = NULL, updated_at = now()
          WHERE tenant_id = $1 AND id = $2`,
        [tenantId, debtorId],
      );
      await this.history(tx, tenantId, debtorId, null, 'operator', 'opt_in', { source: 'operator', by });
      const pending = await this.intake.resumeCycle(tx, tenantId, debtorId);
      return this.result(debtorId, true, pending, { ...debtor, opted_out_at: null });
    });
  }

  private async lock(tx: EntityManager, tenantId: string, debtorId: string): Promise<DebtorLock> {
    const [row] = (await tx.query(
      `SELECT opted_out_at, snoozed_until FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, debtorId],
    )) as DebtorLock[];
    if (!row) throw new DebtorNotFoundError(debtorId);
    return row;
  }

  private async cancelPending(
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

  private async history(
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

  private result(debtorId: string, changed: boolean, schedules: number, d: DebtorLock): DebtorCommandResult {
    return { debtorId, changed, schedules, optedOutAt: d.opted_out_at, snoozedUntil: d.snoozed_until };
  }
}

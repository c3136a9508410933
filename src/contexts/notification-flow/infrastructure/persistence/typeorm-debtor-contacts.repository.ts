import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DebtorContacts,
  type DebtorHistoryEntry,
  type DebtorLock,
  type TouchedSchedule,
} from '../../application/ports/debtor-contacts.repository';
import { PENDING_STATUSES } from '../../domain/cadence';

@Injectable()
export class TypeormDebtorContacts extends DebtorContacts {
  async lock(tx: EntityManager, tenantId: string, debtorId: string): Promise<DebtorLock | null> {
    const [row] = (await tx.query(
      `SELECT opted_out_at, snoozed_until FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, debtorId],
    )) as DebtorLock[];
    return row ?? null;
  }

  async cancelPending(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    reason: string,
  ): Promise<TouchedSchedule[]> {
    const [rows] = (await tx.query(
      `UPDATE notification_flow.schedules SET status = 'cancelled', status_reason = $3, updated_at = now()
        WHERE tenant_id = $1 AND debtor_id = $2 AND status = ANY($4)
        RETURNING id, channel`,
      [tenantId, debtorId, reason, PENDING_STATUSES],
    )) as [TouchedSchedule[], number];
    return rows;
  }

  async setSnooze(tx: EntityManager, tenantId: string, debtorId: string, until: Date): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.debtors SET snoozed_until = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2`,
      [tenantId, debtorId, until],
    );
  }

  async deferPendingUntil(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    until: Date,
  ): Promise<TouchedSchedule[]> {
    const [rows] = (await tx.query(
      `UPDATE notification_flow.schedules
          SET due_at = greatest(due_at, $3), status = 'deferred', status_reason = 'snooze', updated_at = now()
        WHERE tenant_id = $1 AND debtor_id = $2 AND status = ANY($4) AND (status <> 'deferred' OR due_at < $3)
        RETURNING id, channel, due_at`,
      [tenantId, debtorId, until, PENDING_STATUSES],
    )) as [TouchedSchedule[], number];
    return rows;
  }

  async optOut(tx: EntityManager, tenantId: string, debtorId: string, reason: string): Promise<DebtorLock> {
    const [[updated]] = (await tx.query(
      `UPDATE notification_flow.debtors SET opted_out_at = now(), opt_out_reason = $3, updated_at = now()
        WHERE tenant_id = $1 AND id = $2 RETURNING opted_out_at, snoozed_until`,
      [tenantId, debtorId, reason],
    )) as [DebtorLock[], number];
    return updated!;
  }

  async clearOptOut(tx: EntityManager, tenantId: string, debtorId: string): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.debtors SET opted_out_at = NULL, opt_out_reason = NULL, updated_at = now()
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, debtorId],
    );
  }

  async insertHistory(tx: EntityManager, e: DebtorHistoryEntry): Promise<void> {
    await tx.query(
      `INSERT INTO notification_flow.contact_history (tenant_id, schedule_id, debtor_id, channel, event, detail)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [e.tenantId, e.scheduleId, e.debtorId, e.channel, e.event, JSON.stringify(e.detail)],
    );
  }
}

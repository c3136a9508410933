import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DebtCycles,
  type DebtCycle,
  type InsertedSchedule,
  type PlannedSchedule,
  type PlanningDebtor,
  type StepSchedule,
} from '../../application/ports/debt-cycles.repository';
import { PENDING_STATUSES } from '../../domain/cadence';
import { normalizeEmail, normalizePhone } from '../../domain/contact-address';
import type { ClosedDebt, CloseReason, OpenDebt } from '../../domain/debts';

@Injectable()
export class TypeormDebtCycles extends DebtCycles {
  async upsertDebtor(tx: EntityManager, tenantId: string, debt: OpenDebt): Promise<void> {
    const d = debt.debtor;
    await tx.query(
      `INSERT INTO notification_flow.debtors (tenant_id, id, source, name, document, email, phone, whatsapp, consent, birth_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9, true), $10)
       ON CONFLICT (tenant_id, id) DO UPDATE SET
         name = COALESCE($4, debtors.name), document = COALESCE($5, debtors.document),
         email = CASE WHEN $11 THEN $6 ELSE debtors.email END,
         phone = CASE WHEN $11 THEN $7 ELSE debtors.phone END,
         whatsapp = CASE WHEN $11 THEN $8 ELSE debtors.whatsapp END,
         consent = COALESCE($9, debtors.consent), birth_date = COALESCE($10, debtors.birth_date),
         updated_at = now()`,
      [
        tenantId,
        debt.debtorId,
        debt.source,
        d?.name ?? `Cliente ${debt.debtorId}`,
        d?.document ?? null,
        normalizeEmail(d?.email),
        normalizePhone(d?.phone),
        normalizePhone(d?.whatsapp),
        d?.consent ?? null,
        d?.birthDate ?? null,
        d !== undefined,
      ],
    );
  }

  async openDebt(
    tx: EntityManager,
    tenantId: string,
    debt: OpenDebt,
    reopenable: readonly string[],
  ): Promise<{ changed: boolean; previousStatus: string | null }> {
    const [before] = (await tx.query(
      `SELECT status FROM notification_flow.debts WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, debt.debtId],
    )) as Array<{ status: string }>;
    const changed = (await tx.query(
      `INSERT INTO notification_flow.debts AS d (tenant_id, id, debtor_id, source, contract_id, description, due_date,
                                                 amount_cents, open_cents, status, source_updated_at, creditor_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $12)
       ON CONFLICT (tenant_id, id) DO UPDATE SET
         due_date = EXCLUDED.due_date, amount_cents = EXCLUDED.amount_cents, open_cents = EXCLUDED.open_cents,
         description = EXCLUDED.description, creditor_name = EXCLUDED.creditor_name,
         source_updated_at = COALESCE(EXCLUDED.source_updated_at, d.source_updated_at),
         status = 'open', closed_at = NULL,
         opened_at = CASE WHEN d.status = 'open' THEN d.opened_at ELSE now() END,
         flow_id = CASE WHEN d.status = 'open' THEN d.flow_id END,
         flow_version = CASE WHEN d.status = 'open' THEN d.flow_version END,
         updated_at = now()
       WHERE CASE WHEN d.status = 'open'
                  THEN COALESCE(EXCLUDED.source_updated_at >= d.source_updated_at, true)
                  WHEN d.status = ANY($11::text[])
                  THEN COALESCE(EXCLUDED.source_updated_at > d.source_updated_at, EXCLUDED.due_date > d.due_date, false)
                  ELSE false END
       RETURNING 1`,
      [
        tenantId,
        debt.debtId,
        debt.debtorId,
        debt.source,
        debt.contractId,
        debt.description,
        debt.dueDate,
        debt.amountCents,
        debt.openCents,
        debt.sourceUpdatedAt,
        reopenable,
        debt.creditorName ?? null,
      ],
    )) as unknown[];
    return { changed: changed.length > 0, previousStatus: before?.status ?? null };
  }

  async closeDebts(
    tx: EntityManager,
    tenantId: string,
    debts: readonly ClosedDebt[],
    reason: CloseReason,
  ): Promise<Array<{ debtorId: string; inserted: boolean }>> {
    if (debts.length === 0) return [];
    // One statement for the lot (a consumer's batch of payments): the rows travel as one jsonb array.
    const rows = (await tx.query(
      `INSERT INTO notification_flow.debts AS d (tenant_id, id, debtor_id, source, contract_id, due_date, amount_cents,
                                                 open_cents, status, closed_at, source_updated_at)
       SELECT $1, r.id, r.debtor_id, r.source, r.contract_id, r.due_date, r.amount_cents, 0, $3, now(), r.source_updated_at
         FROM jsonb_to_recordset($2::jsonb) AS r(id text, debtor_id text, source text, contract_id text, due_date date,
                                                  amount_cents bigint, source_updated_at timestamptz)
       ON CONFLICT (tenant_id, id) DO UPDATE SET
         status = EXCLUDED.status, closed_at = now(), open_cents = 0,
         source_updated_at = COALESCE(EXCLUDED.source_updated_at, d.source_updated_at), updated_at = now()
       WHERE d.status = 'open' AND COALESCE(EXCLUDED.source_updated_at >= d.source_updated_at, true)
       RETURNING d.debtor_id, (d.xmax = 0) AS inserted`,
      [
        tenantId,
        JSON.stringify(
          debts.map((debt) => ({
            id: debt.debtId,
            debtor_id: debt.debtorId,
            source: debt.source,
            contract_id: debt.contractId,
            due_date: debt.dueDate,
            amount_cents: debt.amountCents,
            source_updated_at: debt.sourceUpdatedAt,
          })),
        ),
        reason,
      ],
    )) as Array<{ debtor_id: string; inserted: boolean }>;
    return rows.map((row) => ({ debtorId: row.debtor_id, inserted: row.inserted }));
  }

  async closeContractDebts(tx: EntityManager, tenantId: string, contractId: string): Promise<string[]> {
    const [rows] = (await tx.query(
      `UPDATE notification_flow.debts SET status = 'contract_cancelled', closed_at = now(), updated_at = now()
        WHERE tenant_id = $1 AND contract_id = $2 AND status = 'open' RETURNING debtor_id`,
      [tenantId, contractId],
    )) as [Array<{ debtor_id: string }>, number];
    return [...new Set(rows.map((r) => r.debtor_id))];
  }

  async hasOpenDebt(tx: EntityManager, tenantId: string, debtorId: string): Promise<boolean> {
    const open = (await tx.query(
      `SELECT 1 FROM notification_flow.debts WHERE tenant_id = $1 AND debtor_id = $2 AND status = 'open' LIMIT 1`,
      [tenantId, debtorId],
    )) as unknown[];
    return open.length > 0;
  }

  async cancelPendingSchedules(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    reason: string,
  ): Promise<string[]> {
    const [cancelled] = (await tx.query(
      `UPDATE notification_flow.schedules SET status = 'cancelled', status_reason = $3, updated_at = now()
        WHERE tenant_id = $1 AND debtor_id = $2 AND status = ANY($4::text[]) RETURNING channel`,
      [tenantId, debtorId, reason, PENDING_STATUSES],
    )) as [Array<{ channel: string }>, number];
    return cancelled.map((c) => c.channel);
  }

  async endCycle(tx: EntityManager, tenantId: string, debtorId: string): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.debtors SET cycle_anchor = NULL, cycle_flow_id = NULL, cycle_flow_version = NULL,
              updated_at = now()
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, debtorId],
    );
  }

  async lockDebtor(tx: EntityManager, tenantId: string, debtorId: string): Promise<PlanningDebtor | null> {
    const [debtor] = (await tx.query(
      `SELECT id, name, email, phone, whatsapp, consent, to_char(birth_date, 'YYYY-MM-DD') AS birth_date,
              opted_out_at, to_char(cycle_anchor, 'YYYY-MM-DD') AS cycle_anchor, cycle_flow_id, cycle_flow_version
         FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, debtorId],
    )) as PlanningDebtor[];
    return debtor ?? null;
  }

  async oldestOpenDueDate(tx: EntityManager, tenantId: string, debtorId: string): Promise<string | null> {
    const [oldest] = (await tx.query(
      `SELECT to_char(min(due_date), 'YYYY-MM-DD') AS due FROM notification_flow.debts
        WHERE tenant_id = $1 AND debtor_id = $2 AND status = 'open'`,
      [tenantId, debtorId],
    )) as Array<{ due: string | null }>;
    return oldest?.due ?? null;
  }

  async startCycle(tx: EntityManager, tenantId: string, debtorId: string, c: DebtCycle): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.debtors SET cycle_anchor = $3, cycle_flow_id = $4, cycle_flow_version = $5,
              updated_at = now()
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, debtorId, c.anchor, c.flowId, c.version],
    );
  }

  async assignCycleFlow(tx: EntityManager, tenantId: string, debtorId: string, c: DebtCycle): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.debts SET flow_id = $3, flow_version = $4
        WHERE tenant_id = $1 AND debtor_id = $2 AND status = 'open' AND flow_id IS NULL`,
      [tenantId, debtorId, c.flowId, c.version],
    );
  }

  async insertSchedules(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    c: DebtCycle,
    rows: PlannedSchedule[],
  ): Promise<InsertedSchedule[]> {
    return (await tx.query(
      `INSERT INTO notification_flow.schedules
         (id, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index, channel, type, all_day, anchor_date,
          planned_at, due_at, status, status_reason)
       SELECT u.id, $1, $2, $3, $4, u.step_key, u.step_index, u.channel, u.type, u.all_day, $5, u.planned_at, u.due_at,
              u.status, u.reason
         FROM unnest($6::uuid[], $7::text[], $8::int[], $9::text[], $10::text[], $11::bool[], $12::timestamptz[],
                     $13::timestamptz[], $14::text[], $15::text[])
           AS u(id, step_key, step_index, channel, type, all_day, planned_at, due_at, status, reason)
           -- one schedule per step and cycle, whichever channel it started on
        WHERE NOT EXISTS (SELECT 1 FROM notification_flow.schedules s
                           WHERE s.tenant_id = $1 AND s.debtor_id = $2 AND s.flow_id = $3 AND s.flow_version = $4
                             AND s.step_key = u.step_key AND s.anchor_date = $5)
       ON CONFLICT DO NOTHING RETURNING type, status, status_reason AS reason, channel`,
      [
        tenantId,
        debtorId,
        c.flowId,
        c.version,
        c.anchor,
        rows.map((r) => r.id),
        rows.map((r) => r.stepKey),
        rows.map((r) => r.stepIndex),
        rows.map((r) => r.channel),
        rows.map((r) => r.type),
        rows.map((r) => r.allDay),
        rows.map((r) => r.plannedAt),
        rows.map((r) => r.dueAt),
        rows.map((r) => r.status),
        rows.map((r) => r.reason),
      ],
    )) as InsertedSchedule[];
  }

  async countPending(tx: EntityManager, tenantId: string, debtorId: string): Promise<number> {
    const [pending] = (await tx.query(
      `SELECT count(*)::int AS n FROM notification_flow.schedules
        WHERE tenant_id = $1 AND debtor_id = $2 AND status = ANY($3::text[])`,
      [tenantId, debtorId, PENDING_STATUSES],
    )) as Array<{ n: number }>;
    return pending?.n ?? 0;
  }

  async cycleOf(tx: EntityManager, tenantId: string, debtorId: string): Promise<DebtCycle | null> {
    const [cycle] = (await tx.query(
      `SELECT to_char(cycle_anchor, 'YYYY-MM-DD') AS anchor, cycle_flow_id AS flow_id, cycle_flow_version AS version
         FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2`,
      [tenantId, debtorId],
    )) as Array<{ anchor: string | null; flow_id: string | null; version: number | null }>;
    if (!cycle?.anchor || !cycle.flow_id || cycle.version === null) return null;
    return { anchor: cycle.anchor, flowId: cycle.flow_id, version: cycle.version };
  }

  async latestStepSchedules(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    c: DebtCycle,
  ): Promise<StepSchedule[]> {
    return (await tx.query(
      `SELECT DISTINCT ON (step_key) id, step_key, status, status_reason FROM notification_flow.schedules
        WHERE tenant_id = $1 AND debtor_id = $2 AND flow_id = $3 AND flow_version = $4 AND anchor_date = $5
        ORDER BY step_key, fallback_index DESC, created_at DESC`,
      [tenantId, debtorId, c.flowId, c.version, c.anchor],
    )) as StepSchedule[];
  }

  async revive(
    tx: EntityManager,
    tenantId: string,
    schedules: Array<{ id: string; dueAt: Date }>,
  ): Promise<string[]> {
    if (schedules.length === 0) return [];
    const [revived] = (await tx.query(
      `UPDATE notification_flow.schedules s
          SET status = 'planned', status_reason = NULL, due_at = u.due_at, updated_at = now()
         FROM unnest($2::uuid[], $3::timestamptz[]) AS u(id, due_at)
        WHERE s.tenant_id = $1 AND s.id = u.id AND s.status = 'cancelled'
        RETURNING s.type`,
      [tenantId, schedules.map((r) => r.id), schedules.map((r) => r.dueAt)],
    )) as [Array<{ type: string }>, number];
    return revived.map((r) => r.type);
  }
}

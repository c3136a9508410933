import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { localDate } from '../../../../shared/time/local-date';
import { isMinor, PENDING_STATUSES, type FlowStep } from '../../domain/cadence';
import { addressFor, normalizeEmail, normalizePhone } from '../../domain/contact-address';
import { planSteps } from '../../domain/step-planning';
import { Flows } from '../flows/flows.repository';
import { NotificationMetrics } from '../notification-metrics';
import { NotificationSettingsStore } from '../settings/notification-settings';

/** A debt as another context announces it (money in cents, dates `yyyy-mm-dd`). */
export interface OpenDebt {
  source: string;
  debtId: string;
  debtorId: string;
  contractId: string | null;
  description: string;
  dueDate: string;
  amountCents: number;
  openCents: number;
  /** the source's own version of the debt (IXC `ultima_atualizacao`, `yyyy-mm-dd hh:mm:ss`); null = unknown */
  sourceUpdatedAt: string | null;
  debtor?: {
    name: string;
    document: string | null;
    email: string | null;
    phone: string | null;
    whatsapp: string | null;
    consent?: boolean;
    birthDate?: string | null;
  };
}

export type CloseReason = 'paid' | 'cancelled' | 'escalated' | 'contract_cancelled';

/** A debt the source closed (paid, cancelled), as its event announces it. */
export interface ClosedDebt {
  source: string;
  debtId: string;
  debtorId: string;
  contractId: string | null;
  dueDate: string | null;
  amountCents: number;
  /** as in OpenDebt */
  sourceUpdatedAt: string | null;
}

/** Closed by the source itself: a genuinely newer opening from the source may reopen them. */
const SOURCE_CLOSED = ['paid', 'cancelled'];

interface DebtorRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
  consent: boolean;
  birth_date: string | null;
  opted_out_at: Date | null;
  cycle_anchor: string | null;
  cycle_flow_id: string | null;
  cycle_flow_version: number | null;
}

/**
 * Debts and debtors as the cadence sees them, fed only by other contexts' events, and the planning of a
 * debtor's cycle: one schedule per step (first channel the debtor can be reached on), planned ahead.
 * A cycle starts with the debtor's first open debt (its due date anchors the steps) and keeps its flow
 * version; later debts join it, and every message lists all the debtor's open debts. When no open debt
 * is left the pending schedules are cancelled at once and the cycle ends.
 */
@Injectable()
export class DebtIntake {
  private readonly logger = new Logger('NotificationFlow');

  constructor(
    private readonly flows: Flows,
    private readonly settings: NotificationSettingsStore,
    private readonly metrics: NotificationMetrics,
  ) {}

  async open(tx: EntityManager, tenantId: string, debt: OpenDebt): Promise<void> {
    if (debt.openCents <= 0) return;
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
    // Events of one debt may be handled in any order (retries, replays, concurrent batches): the
    // source's version decides, not arrival. An older event changes nothing; a debt closed by the
    // source reopens only for a newer version (or, versions unknown, a later due date: a new bill).
    const [before] = (await tx.query(
      `SELECT status FROM notification_flow.debts WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, debt.debtId],
    )) as Array<{ status: string }>;
    const changed = (await tx.query(
      `INSERT INTO notification_flow.debts AS d (tenant_id, id, debtor_id, source, contract_id, description, due_date,
                                                 amount_cents, open_cents, status, source_updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10)
       ON CONFLICT (tenant_id, id) DO UPDATE SET
         due_date = EXCLUDED.due_date, amount_cents = EXCLUDED.amount_cents, open_cents = EXCLUDED.open_cents,
         description = EXCLUDED.description,
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
        SOURCE_CLOSED,
      ],
    )) as unknown[];
    if (changed.length === 0) return;
    await this.planCycle(tx, tenantId, debt.debtorId);
    // reopened: the steps cancelled when nothing was owed any more are planned again from now (a new
    // cycle on the same due date would otherwise find them and plan nothing)
    if (before && before.status !== 'open')
      await this.reviveCancelledSteps(tx, tenantId, debt.debtorId, SETTLED_REASONS);
  }

  /**
   * The debt is settled: when it was the debtor's last, pending messages are cancelled at once. A debt
   * not known yet is remembered closed, so that its (older) opening, handled later, cannot reopen it.
   */
  async close(tx: EntityManager, tenantId: string, debt: ClosedDebt, reason: CloseReason): Promise<void> {
    const [row] = (await tx.query(
      `INSERT INTO notification_flow.debts AS d (tenant_id, id, debtor_id, source, contract_id, due_date, amount_cents,
                                                 open_cents, status, closed_at, source_updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, now(), $9)
       ON CONFLICT (tenant_id, id) DO UPDATE SET
         status = EXCLUDED.status, closed_at = now(), open_cents = 0,
         source_updated_at = COALESCE(EXCLUDED.source_updated_at, d.source_updated_at), updated_at = now()
       WHERE d.status = 'open' AND COALESCE(EXCLUDED.source_updated_at >= d.source_updated_at, true)
       RETURNING d.debtor_id, (d.xmax = 0) AS inserted`,
      [
        tenantId,
        debt.debtId,
        debt.debtorId,
        debt.source,
        debt.contractId,
        debt.dueDate,
        debt.amountCents,
        reason,
        debt.sourceUpdatedAt,
      ],
    )) as Array<{ debtor_id: string; inserted: boolean }>;
    if (row && !row.inserted) await this.endCycleIfSettled(tx, tenantId, row.debtor_id, reason);
  }

  /** A cancelled contract stops chasing its debts. */
  async contractCancelled(tx: EntityManager, tenantId: string, contractId: string): Promise<void> {
    const [rows] = (await tx.query(
      `UPDATE notification_flow.debts SET status = 'contract_cancelled', closed_at = now(), updated_at = now()
        WHERE tenant_id = $1 AND contract_id = $2 AND status = 'open' RETURNING debtor_id`,
      [tenantId, contractId],
    )) as [Array<{ debtor_id: string }>, number];
    for (const debtorId of new Set(rows.map((r) => r.debtor_id)))
      await this.endCycleIfSettled(tx, tenantId, debtorId, 'contract_cancelled');
  }

  private async endCycleIfSettled(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    reason: CloseReason,
  ) {
    const open = (await tx.query(
      `SELECT 1 FROM notification_flow.debts WHERE tenant_id = $1 AND debtor_id = $2 AND status = 'open' LIMIT 1`,
      [tenantId, debtorId],
    )) as unknown[];
    if (open.length > 0) return;
    const [cancelled] = (await tx.query(
      `UPDATE notification_flow.schedules SET status = 'cancelled', status_reason = $3, updated_at = now()
        WHERE tenant_id = $1 AND debtor_id = $2 AND status = ANY($4::text[]) RETURNING channel`,
      [tenantId, debtorId, reason, PENDING_STATUSES],
    )) as [Array<{ channel: string }>, number];
    for (const c of cancelled) this.metrics.notifications.inc({ channel: c.channel, outcome: 'cancelled' });
    await tx.query(
      `UPDATE notification_flow.debtors SET cycle_anchor = NULL, cycle_flow_id = NULL, cycle_flow_version = NULL,
              updated_at = now()
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, debtorId],
    );
  }

  /**
   * Plans the debtor's open cycle (starting one on the tenant's default flow if needed). Idempotent: a
   * step already planned for the cycle is left as it is.
   */
  async planCycle(tx: EntityManager, tenantId: string, debtorId: string): Promise<number> {
    const [debtor] = (await tx.query(
      `SELECT id, name, email, phone, whatsapp, consent, to_char(birth_date, 'YYYY-MM-DD') AS birth_date,
              opted_out_at, to_char(cycle_anchor, 'YYYY-MM-DD') AS cycle_anchor, cycle_flow_id, cycle_flow_version
         FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, debtorId],
    )) as DebtorRow[];
    if (!debtor) return 0;
    const [oldest] = (await tx.query(
      `SELECT to_char(min(due_date), 'YYYY-MM-DD') AS due FROM notification_flow.debts
        WHERE tenant_id = $1 AND debtor_id = $2 AND status = 'open'`,
      [tenantId, debtorId],
    )) as Array<{ due: string | null }>;
    if (!oldest?.due) return 0;
    const settings = await this.settings.get(tenantId, tx);
    let anchor = debtor.cycle_anchor;
    let flowId = debtor.cycle_flow_id;
    let version = debtor.cycle_flow_version;
    if (!anchor || !flowId || version === null) {
      if (!settings.enabled) return 0;
      const flow = await this.flows.defaultFlow(tenantId, tx);
      anchor = oldest.due;
      flowId = flow.id;
      version = flow.version;
      await tx.query(
        `UPDATE notification_flow.debtors SET cycle_anchor = $3, cycle_flow_id = $4, cycle_flow_version = $5,
                updated_at = now()
          WHERE tenant_id = $1 AND id = $2`,
        [tenantId, debtorId, anchor, flowId, version],
      );
    }
    await tx.query(
      `UPDATE notification_flow.debts SET flow_id = $3, flow_version = $4
        WHERE tenant_id = $1 AND debtor_id = $2 AND status = 'open' AND flow_id IS NULL`,
      [tenantId, debtorId, flowId, version],
    );
    const steps = await this.flows.steps(flowId, version, tx);
    const now = new Date();
    const today = localDate(now, settings.businessHours.timeZone);
    const skip = isMinor(debtor.birth_date, today) ? 'minor' : !debtor.consent ? 'no_consent' : null;
    const rows = planSteps(steps, anchor, settings.businessHours.timeZone, now).map((p) => {
      const channel = firstReachable(p.step, debtor);
      const status = p.missed || skip || !channel ? 'skipped' : 'planned';
      const reason = p.missed ? 'missed' : (skip ?? (channel ? null : 'no_address'));
      return {
        id: randomUUID(),
        step: p.step,
        stepIndex: p.stepIndex,
        channel: channel ?? p.step.channels[0]!,
        plannedAt: p.plannedAt,
        dueAt: p.dueAt,
        status,
        reason,
      };
    });
    const inserted = (await tx.query(
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
        flowId,
        version,
        anchor,
        rows.map((r) => r.id),
        rows.map((r) => r.step.key),
        rows.map((r) => r.stepIndex),
        rows.map((r) => r.channel),
        rows.map((r) => r.step.type),
        rows.map((r) => r.step.allDay),
        rows.map((r) => r.plannedAt),
        rows.map((r) => r.dueAt),
        rows.map((r) => r.status),
        rows.map((r) => r.reason),
      ],
    )) as Array<{ type: string; status: string; reason: string | null; channel: string }>;
    for (const r of inserted) {
      this.metrics.planned.inc({ type: r.type });
      // missed steps (debt known too late) are recorded, not counted as skipped messages
      if (r.status === 'skipped' && r.reason !== 'missed')
        this.metrics.notifications.inc({ channel: r.channel, outcome: 'skipped' });
    }
    if (inserted.length > 0)
      this.logger.debug({ tenantId, debtorId, planned: inserted.length }, 'Debt cycle planned');
    return inserted.length;
  }

  /**
   * The debtor may be contacted again (opted back in): the open cycle is planned as if it were planned
   * now. Steps the opt-out cancelled are planned again — those still ahead at their time, the latest
   * passed one now, earlier passed ones stay cancelled (as a debt discovered late skips them) — and a
   * cycle that is not open yet starts. Returns how many schedules of the debtor are pending then.
   */
  async resumeCycle(tx: EntityManager, tenantId: string, debtorId: string): Promise<number> {
    await this.planCycle(tx, tenantId, debtorId);
    await this.reviveCancelledSteps(tx, tenantId, debtorId, OPT_OUT_REASONS);
    const [pending] = (await tx.query(
      `SELECT count(*)::int AS n FROM notification_flow.schedules
        WHERE tenant_id = $1 AND debtor_id = $2 AND status = ANY($3::text[])`,
      [tenantId, debtorId, PENDING_STATUSES],
    )) as Array<{ n: number }>;
    return pending!.n;
  }

  /**
   * Plans again, as if the cycle were planned now, the steps of the debtor's open cycle whose latest
   * schedule was cancelled for one of `reasons`: still ahead → at their time, the latest passed → now,
   * earlier passed ones stay cancelled.
   */
  private async reviveCancelledSteps(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    reasons: readonly string[],
  ): Promise<void> {
    const [cycle] = (await tx.query(
      `SELECT to_char(cycle_anchor, 'YYYY-MM-DD') AS anchor, cycle_flow_id AS flow_id, cycle_flow_version AS version
         FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2`,
      [tenantId, debtorId],
    )) as Array<{ anchor: string | null; flow_id: string | null; version: number | null }>;
    if (!cycle?.anchor || !cycle.flow_id || cycle.version === null) return;
    const settings = await this.settings.get(tenantId, tx);
    const steps = await this.flows.steps(cycle.flow_id, cycle.version, tx);
    const plan = new Map(
      planSteps(steps, cycle.anchor, settings.businessHours.timeZone, new Date()).map((p) => [p.step.key, p]),
    );
    // the step's latest schedule (the last channel its fallback reached)
    const latest = (await tx.query(
      `SELECT DISTINCT ON (step_key) id, step_key, status, status_reason FROM notification_flow.schedules
        WHERE tenant_id = $1 AND debtor_id = $2 AND flow_id = $3 AND flow_version = $4 AND anchor_date = $5
        ORDER BY step_key, fallback_index DESC, created_at DESC`,
      [tenantId, debtorId, cycle.flow_id, cycle.version, cycle.anchor],
    )) as Array<{ id: string; step_key: string; status: string; status_reason: string | null }>;
    const revive = latest.flatMap((s) => {
      const p = plan.get(s.step_key);
      const cancelled = s.status === 'cancelled' && reasons.includes(s.status_reason ?? '');
      return cancelled && p && !p.missed ? [{ id: s.id, dueAt: p.dueAt }] : [];
    });
    if (revive.length === 0) return;
    const [revived] = (await tx.query(
      `UPDATE notification_flow.schedules s
          SET status = 'planned', status_reason = NULL, due_at = u.due_at, updated_at = now()
         FROM unnest($2::uuid[], $3::timestamptz[]) AS u(id, due_at)
        WHERE s.tenant_id = $1 AND s.id = u.id AND s.status = 'cancelled'
        RETURNING s.type`,
      [tenantId, revive.map((r) => r.id), revive.map((r) => r.dueAt)],
    )) as [Array<{ type: string }>, number];
    for (const r of revived) this.metrics.planned.inc({ type: r.type });
  }
}

/** Reasons a schedule was cancelled with because its debtor had opted out (command, or found when due). */
const OPT_OUT_REASONS = ['opt_out', 'opted_out'];
/** Reasons a schedule was cancelled with because its debtor owed nothing any more. */
const SETTLED_REASONS = ['paid', 'cancelled', 'contract_cancelled', 'no_open_debt'];

function firstReachable(step: FlowStep, debtor: DebtorRow) {
  return step.channels.find((c) => addressFor(c, debtor) !== null) ?? null;
}

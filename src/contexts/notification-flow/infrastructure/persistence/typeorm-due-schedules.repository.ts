import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DueSchedules,
  type DispatchHistoryEntry,
  type DueClaim,
  type DueKey,
  type DueRow,
} from '../../application/ports/due-schedules.repository';
import type { Channel } from '../../domain/cadence';

@Injectable()
export class TypeormDueSchedules extends DueSchedules {
  async dueKeys(tx: EntityManager, now: Date): Promise<DueKey[]> {
    // A skip scan of schedules_due_key_idx: one index descent per tenant channel with pending schedules,
    // then one more to see whether any of them is due.
    const rows = (await tx.query(
      `WITH RECURSIVE k AS (
         (SELECT tenant_id, channel FROM notification_flow.schedules
           WHERE status IN ('planned', 'deferred') ORDER BY tenant_id, channel LIMIT 1)
         UNION ALL
         SELECT n.tenant_id, n.channel FROM k CROSS JOIN LATERAL (
           SELECT s.tenant_id, s.channel FROM notification_flow.schedules s
            WHERE s.status IN ('planned', 'deferred') AND (s.tenant_id, s.channel) > (k.tenant_id, k.channel)
            ORDER BY s.tenant_id, s.channel LIMIT 1) n)
       SELECT k.tenant_id, k.channel FROM k
        WHERE EXISTS (SELECT 1 FROM notification_flow.schedules s
                       WHERE s.tenant_id = k.tenant_id AND s.channel = k.channel
                         AND s.status IN ('planned', 'deferred') AND s.due_at <= $1)`,
      [now],
    )) as Array<{ tenant_id: string; channel: Channel }>;
    return rows.map((r) => ({ tenantId: r.tenant_id, channel: r.channel }));
  }

  async claimDue(tx: EntityManager, now: Date, claims: DueClaim[]): Promise<DueRow[]> {
    if (claims.length === 0) return [];
    return (await tx.query(
      `SELECT s.id, s.tenant_id, s.debtor_id, s.flow_id, s.flow_version, s.step_key, s.channel, s.type, s.all_day,
              s.due_at, d.opted_out_at, d.snoozed_until, d.last_contact_at, d.consent,
              to_char(d.birth_date, 'YYYY-MM-DD') AS birth_date,
              -- a billing campaign's contact is its own debt (the ERP keeps the receivable)
              CASE WHEN s.campaign_id IS NOT NULL THEN 1 ELSE
              (SELECT count(*)::int FROM notification_flow.debts x
                WHERE x.tenant_id = s.tenant_id AND x.debtor_id = s.debtor_id AND x.status = 'open') END AS open_debts
         FROM unnest($2::uuid[], $3::text[], $4::int[]) AS k(tenant_id, channel, n)
        CROSS JOIN LATERAL (
          SELECT s.* FROM notification_flow.schedules s
           WHERE s.tenant_id = k.tenant_id AND s.channel = k.channel
             AND s.status IN ('planned', 'deferred') AND s.due_at <= $1
           ORDER BY s.due_at, s.planned_at
           LIMIT k.n
             FOR UPDATE SKIP LOCKED) s
         JOIN notification_flow.debtors d ON d.tenant_id = s.tenant_id AND d.id = s.debtor_id`,
      [now, claims.map((c) => c.tenantId), claims.map((c) => c.channel), claims.map((c) => c.limit)],
    )) as DueRow[];
  }

  async setOutcome(
    tx: EntityManager,
    ids: string[],
    status: string,
    reason: string | null,
    dueAt: Date | null,
  ): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.schedules
            SET status = $2, status_reason = $3, due_at = COALESCE($4, due_at), updated_at = now(),
                queued_at = CASE WHEN $2 = 'queued' THEN now() ELSE queued_at END
          WHERE id = ANY($1::uuid[])`,
      [ids, status, reason, dueAt],
    );
  }

  async insertHistory(tx: EntityManager, entries: DispatchHistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await tx.query(
      `INSERT INTO notification_flow.contact_history (tenant_id, schedule_id, debtor_id, channel, event, error, detail)
         SELECT t, s, d, c, e, r, '{}'::jsonb
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(t, s, d, c, e, r)`,
      [
        entries.map((e) => e.row.tenant_id),
        entries.map((e) => e.row.id),
        entries.map((e) => e.row.debtor_id),
        entries.map((e) => e.row.channel),
        entries.map((e) => e.event),
        entries.map((e) => e.reason),
      ],
    );
  }

  async holdThrottled(tx: EntityManager, tenantId: string, channel: Channel, until: Date): Promise<number> {
    const [held] = (await tx.query(
      `WITH due AS (
           SELECT id, status_reason IS DISTINCT FROM 'throttled' AS fresh FROM notification_flow.schedules
            WHERE tenant_id = $1 AND channel = $2 AND status IN ('planned', 'deferred') AND due_at <= $3
              FOR UPDATE),
         held AS (
           UPDATE notification_flow.schedules s SET due_at = $3, status_reason = 'throttled', updated_at = now()
             FROM due WHERE s.id = due.id RETURNING due.fresh)
         SELECT count(*) FILTER (WHERE fresh)::int AS n FROM held`,
      [tenantId, channel, until],
    )) as Array<{ n: number }>;
    return held!.n;
  }

  async inFlight(
    tx: EntityManager,
    tenantId: string,
    channel: Channel,
    staleAfterMs: number,
    atMost: number,
  ): Promise<number> {
    // No further than `atMost`: the dispatcher only asks whether the key is queued that far ahead already.
    const [r] = (await tx.query(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM notification_flow.schedules
          WHERE tenant_id = $1 AND status = 'queued' AND channel = $2
            AND updated_at > now() - $3::int * interval '1 millisecond'
          LIMIT $4) q`,
      [tenantId, channel, staleAfterMs, atMost],
    )) as Array<{ n: number }>;
    return r!.n;
  }
}

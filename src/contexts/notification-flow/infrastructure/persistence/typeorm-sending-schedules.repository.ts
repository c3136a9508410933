import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  SendingSchedules,
  type HistoryRow,
  type LockedSchedule,
  type OpenDebtRow,
  type ScheduleRow,
  type SendRequest,
} from '../../application/ports/sending-schedules.repository';
import type { Channel } from '../../domain/cadence';

@Injectable()
export class TypeormSendingSchedules extends SendingSchedules {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async lockForClaim(tx: EntityManager, requests: SendRequest[]): Promise<ScheduleRow[]> {
    return (await tx.query(
      `SELECT s.id, s.tenant_id, s.debtor_id, s.flow_id, s.flow_version, s.step_key, s.channel, s.fallback_index, s.type,
              to_char(s.anchor_date, 'YYYY-MM-DD') AS anchor_date, s.due_at, s.queued_at, s.sending_at, s.status,
              s.attempts, s.campaign_id, s.contact_id, d.name, d.document, d.email, d.phone, d.whatsapp, d.consent,
              to_char(d.birth_date, 'YYYY-MM-DD') AS birth_date, d.opted_out_at, d.snoozed_until,
              -- a billing campaign's contact is its own debt (the ERP keeps the receivable)
              CASE WHEN s.campaign_id IS NOT NULL THEN 1 ELSE
              (SELECT count(*)::int FROM notification_flow.debts x
                WHERE x.tenant_id = s.tenant_id AND x.debtor_id = s.debtor_id AND x.status = 'open') END AS open_debts,
              (extract(epoch FROM clock_timestamp() - s.sending_at) * 1000)::int AS sending_age_ms
         FROM notification_flow.schedules s
         JOIN notification_flow.debtors d ON d.tenant_id = s.tenant_id AND d.id = s.debtor_id
        WHERE s.id = ANY($1::uuid[]) AND s.tenant_id = ANY($2::uuid[])
        ORDER BY s.id
          FOR UPDATE OF s`,
      [requests.map((r) => r.scheduleId), [...new Set(requests.map((r) => r.tenantId))]],
    )) as ScheduleRow[];
  }

  async markReplayed(tx: EntityManager, id: string): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.schedules SET status = 'sending', status_reason = 'replayed', updated_at = now()
        WHERE id = $1`,
      [id],
    );
  }

  async setStatus(
    tx: EntityManager,
    id: string,
    status: string,
    reason: string | null,
    dueAt: Date | null,
    settling = false,
  ): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.schedules SET status = $2, status_reason = $3, due_at = COALESCE($4, due_at), updated_at = now()
        WHERE id = $1 AND ($5::boolean IS FALSE OR status = 'sending')`,
      [id, status, reason, dueAt, settling],
    );
  }

  async holdThrottled(tx: EntityManager, ids: string[], until: Date): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.schedules SET status = 'planned', status_reason = 'throttled', due_at = $2,
              updated_at = now()
        WHERE id = ANY($1::uuid[])`,
      [ids, until],
    );
  }

  async markSending(tx: EntityManager, admitted: Array<{ id: string; to: string }>): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.schedules
          SET status = 'sending', sending_at = clock_timestamp(), attempts = attempts + 1, recipient = t.recipient,
              updated_at = now()
         FROM unnest($1::uuid[], $2::text[]) AS t(id, recipient)
        WHERE schedules.id = t.id`,
      [admitted.map((a) => a.id), admitted.map((a) => a.to)],
    );
  }

  async planFallback(tx: EntityManager, fromId: string, channel: Channel, reason: string): Promise<boolean> {
    const [inserted] = (await tx.query(
      `INSERT INTO notification_flow.schedules
         (id, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index, channel, fallback_index, type, all_day,
          anchor_date, planned_at, due_at, status, status_reason, campaign_id, contact_id)
       SELECT $2, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index, $3, fallback_index + 1, type, all_day,
              anchor_date, planned_at, now(), 'planned', $4, campaign_id, contact_id
         FROM notification_flow.schedules WHERE id = $1
       ON CONFLICT DO NOTHING RETURNING id`,
      [fromId, randomUUID(), channel, reason],
    )) as Array<{ id: string }>;
    return inserted !== undefined;
  }

  async openDebts(debtors: Array<{ tenantId: string; debtorId: string }>): Promise<OpenDebtRow[]> {
    return (await this.dataSource.query(
      `SELECT x.tenant_id, x.debtor_id, x.id, x.source, x.creditor_name, x.description, to_char(x.due_date, 'YYYY-MM-DD') AS due_date,
              x.amount_cents::int8 AS amount_cents, x.open_cents::int8 AS open_cents, x.contract_id
         FROM (SELECT DISTINCT * FROM unnest($1::uuid[], $2::text[])) AS d(tenant_id, debtor_id)
         JOIN notification_flow.debts x ON x.tenant_id = d.tenant_id AND x.debtor_id = d.debtor_id
        WHERE x.status = 'open'
        ORDER BY x.due_date, x.id`,
      [debtors.map((d) => d.tenantId), debtors.map((d) => d.debtorId)],
    )) as OpenDebtRow[];
  }

  async lockForSettle(tx: EntityManager, ids: string[]): Promise<LockedSchedule[]> {
    return (await tx.query(
      `SELECT s.id, s.status, s.attempts FROM notification_flow.schedules s
        WHERE s.id = ANY($1::uuid[]) ORDER BY s.id FOR UPDATE`,
      [ids],
    )) as LockedSchedule[];
  }

  async deferUnavailable(tx: EntityManager, id: string, reason: string, until: Date): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.schedules
          SET status = 'deferred', status_reason = $2, due_at = $3, attempts = greatest(attempts - 1, 0), updated_at = now()
        WHERE id = $1 AND status = 'sending'`,
      [id, reason, until],
    );
  }

  async markSent(
    tx: EntityManager,
    sent: Array<{ id: string; reconciled: boolean; provider: string; providerMessageId: string | null }>,
  ): Promise<void> {
    if (sent.length === 0) return;
    await tx.query(
      `UPDATE notification_flow.schedules s
          SET status = 'sent', status_reason = t.reason, provider = t.provider, provider_message_id = t.message_id,
              sent_at = clock_timestamp(), updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(id, reason, provider, message_id)
        WHERE s.id = t.id AND s.status = 'sending'`,
      [
        sent.map((x) => x.id),
        sent.map((x) => (x.reconciled ? 'reconciled' : null)),
        sent.map((x) => x.provider),
        sent.map((x) => x.providerMessageId),
      ],
    );
  }

  async touchLastContact(tx: EntityManager, debtors: Array<[string, string]>): Promise<void> {
    if (debtors.length === 0) return;
    await tx.query(
      `UPDATE notification_flow.debtors d SET last_contact_at = clock_timestamp()
         FROM unnest($1::uuid[], $2::text[]) AS t(tenant_id, id)
        WHERE d.tenant_id = t.tenant_id AND d.id = t.id`,
      [debtors.map(([t]) => t), debtors.map(([, d]) => d)],
    );
  }

  async insertHistory(tx: EntityManager, rows: HistoryRow[]): Promise<void> {
    if (rows.length === 0) return;
    const col = <K extends keyof HistoryRow>(k: K) => rows.map((r) => r[k]);
    await tx.query(
      `INSERT INTO notification_flow.contact_history
         (tenant_id, schedule_id, debtor_id, attempt, channel, event, provider, provider_message_id, error, latency_ms, detail)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::text[], $10::int[], $11::jsonb[])`,
      [
        col('tenantId'),
        col('scheduleId'),
        col('debtorId'),
        col('attempt'),
        col('channel'),
        col('event'),
        col('provider'),
        col('providerMessageId'),
        col('error'),
        col('latencyMs'),
        rows.map((r) => JSON.stringify(r.detail)),
      ],
    );
  }
}

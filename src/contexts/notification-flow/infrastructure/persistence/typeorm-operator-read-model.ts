import type { ContactHistoryEntry } from '../../contracts/get-contact-history.query';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  OperatorReadModel,
  STAT_EVENTS,
  type ScheduleFilter,
  type StatCount,
} from '../../application/ports/operator-read-model';
import type {
  DebtorRecord,
  DebtRecord,
  HistoryRecord,
  ScheduleRecord,
} from '../../application/ports/operator-views';
import { PENDING_STATUSES } from '../../domain/cadence';

const SCHEDULE_COLUMNS = `s.id, s.debtor_id AS "debtorId", s.flow_id AS "flowId", s.flow_version AS "flowVersion",
  s.step_key AS "stepKey", s.step_index AS "stepIndex", s.channel, s.fallback_index AS "fallbackIndex", s.type,
  s.all_day AS "allDay", s.anchor_date::text AS "anchorDate", s.planned_at AS "plannedAt", s.due_at AS "dueAt",
  s.status, s.status_reason AS "statusReason", s.attempts, s.recipient, s.provider,
  s.provider_message_id AS "providerMessageId", s.queued_at AS "queuedAt", s.sending_at AS "sendingAt",
  s.sent_at AS "sentAt", s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

const DEBTOR_COLUMNS = `id, source, name, document, email, phone, whatsapp, consent, birth_date::text AS "birthDate",
  opted_out_at AS "optedOutAt", opt_out_reason AS "optOutReason", snoozed_until AS "snoozedUntil",
  last_contact_at AS "lastContactAt", cycle_anchor::text AS "cycleAnchor", cycle_flow_id AS "cycleFlowId",
  cycle_flow_version AS "cycleFlowVersion", created_at AS "createdAt", updated_at AS "updatedAt"`;

const HISTORY_COLUMNS = `id::text AS id, schedule_id AS "scheduleId", debtor_id AS "debtorId", attempt, channel, provider,
  provider_message_id AS "providerMessageId", event, error, latency_ms AS "latencyMs", detail, at`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class TypeormOperatorReadModel extends OperatorReadModel {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async schedules(
    tenantId: string,
    filter: ScheduleFilter,
  ): Promise<{ items: ScheduleRecord[]; total: number }> {
    const where = ['s.tenant_id = $1'];
    const params: unknown[] = [tenantId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.status) add('s.status = ?', filter.status);
    if (filter.debtorId) add('s.debtor_id = ?', filter.debtorId);
    if (filter.channel) add('s.channel = ?', filter.channel);
    if (filter.from) add('s.due_at >= ?', filter.from);
    if (filter.to) add('s.due_at < ?', filter.to);
    const clause = where.join(' AND ');
    const [count] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM notification_flow.schedules s WHERE ${clause}`,
      params,
    )) as Array<{ total: number }>;
    const items = (await this.dataSource.query(
      `SELECT ${SCHEDULE_COLUMNS} FROM notification_flow.schedules s WHERE ${clause}
        ORDER BY s.due_at, s.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    )) as ScheduleRecord[];
    return { items, total: count?.total ?? 0 };
  }

  async schedule(tenantId: string, id: string): Promise<ScheduleRecord | null> {
    if (!UUID.test(id)) return null;
    const [row] = (await this.dataSource.query(
      `SELECT ${SCHEDULE_COLUMNS} FROM notification_flow.schedules s WHERE s.tenant_id = $1 AND s.id = $2`,
      [tenantId, id],
    )) as ScheduleRecord[];
    return row ?? null;
  }

  async debtor(
    tenantId: string,
    id: string,
  ): Promise<{ debtor: DebtorRecord; openDebts: DebtRecord[]; pendingSchedules: ScheduleRecord[] } | null> {
    const [debtor] = (await this.dataSource.query(
      `SELECT ${DEBTOR_COLUMNS} FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as DebtorRecord[];
    if (!debtor) return null;
    const openDebts = (await this.dataSource.query(
      `SELECT id, contract_id AS "contractId", description, due_date::text AS "dueDate",
              amount_cents::float8 AS "amountCents", open_cents::float8 AS "openCents", status,
              flow_id AS "flowId", flow_version AS "flowVersion", opened_at AS "openedAt"
         FROM notification_flow.debts WHERE tenant_id = $1 AND debtor_id = $2 AND status = 'open'
        ORDER BY due_date, id`,
      [tenantId, id],
    )) as DebtRecord[];
    const pendingSchedules = (await this.dataSource.query(
      `SELECT ${SCHEDULE_COLUMNS} FROM notification_flow.schedules s
        WHERE s.tenant_id = $1 AND s.debtor_id = $2 AND s.status = ANY($3) ORDER BY s.due_at, s.id`,
      [tenantId, id, [...PENDING_STATUSES, 'sending']],
    )) as ScheduleRecord[];
    return { debtor, openDebts, pendingSchedules };
  }

  async debtorExists(tenantId: string, id: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as unknown[];
    return rows.length > 0;
  }

  async history(
    tenantId: string,
    debtorId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: HistoryRecord[]; total: number }> {
    const [count] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM notification_flow.contact_history WHERE tenant_id = $1 AND debtor_id = $2`,
      [tenantId, debtorId],
    )) as Array<{ total: number }>;
    const items = (await this.dataSource.query(
      `SELECT ${HISTORY_COLUMNS} FROM notification_flow.contact_history
        WHERE tenant_id = $1 AND debtor_id = $2 ORDER BY at DESC, id DESC LIMIT $3 OFFSET $4`,
      [tenantId, debtorId, page.limit, page.offset],
    )) as HistoryRecord[];
    return { items, total: count?.total ?? 0 };
  }

  async contactHistory(
    tenantId: string,
    debtorId: string,
    limit: number,
  ): Promise<{ items: ContactHistoryEntry[]; total: number }> {
    const rows = (await this.dataSource.query(
      `WITH entries AS (
         SELECT h.at, h.id::text AS tie, h.channel, h.event, COALESCE(h.error, h.detail->>'reason') AS reason,
                s.type, h.provider, h.schedule_id::text AS "scheduleId"
           FROM notification_flow.contact_history h
           LEFT JOIN notification_flow.schedules s ON s.id = h.schedule_id
          WHERE h.tenant_id = $1 AND h.debtor_id = $2
         UNION ALL
         SELECT s.updated_at, s.id::text, s.channel, 'skipped', s.status_reason, s.type, NULL, s.id::text
           FROM notification_flow.schedules s
          WHERE s.tenant_id = $1 AND s.debtor_id = $2 AND s.status = 'skipped')
       SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, channel, event, reason, type,
              provider, "scheduleId", count(*) OVER ()::int AS total
         FROM entries ORDER BY entries.at DESC, tie DESC LIMIT $3`,
      [tenantId, debtorId, limit],
    )) as Array<ContactHistoryEntry & { total: number }>;
    return { items: rows.map(({ total: _total, ...entry }) => entry), total: rows[0]?.total ?? 0 };
  }

  async statCounts(
    tenantId: string,
    range: { from: Date; to: Date },
    timeZone: string,
  ): Promise<StatCount[]> {
    return (await this.dataSource.query(
      `SELECT to_char(at AT TIME ZONE $4, 'YYYY-MM-DD') AS day, channel, event, count(*)::int AS n
         FROM notification_flow.contact_history
        WHERE tenant_id = $1 AND at >= $2 AND at < $3 AND event = ANY($5)
        GROUP BY 1, 2, 3
       UNION ALL
       SELECT to_char(updated_at AT TIME ZONE $4, 'YYYY-MM-DD'), channel,
              CASE WHEN status_reason = 'missed' THEN 'missed' ELSE 'skipped' END, count(*)::int
         FROM notification_flow.schedules
        WHERE tenant_id = $1 AND status = 'skipped' AND updated_at >= $2 AND updated_at < $3
        GROUP BY 1, 2, 3
        ORDER BY 1, 2`,
      [tenantId, range.from, range.to, timeZone, STAT_EVENTS],
    )) as StatCount[];
  }

  async pendingCounts(tenantId: string): Promise<Array<{ status: string; n: number }>> {
    return (await this.dataSource.query(
      `SELECT status, count(*)::int AS n FROM notification_flow.schedules
        WHERE tenant_id = $1 AND status = ANY($2) GROUP BY status`,
      [tenantId, [...PENDING_STATUSES, 'sending']],
    )) as Array<{ status: string; n: number }>;
  }
}

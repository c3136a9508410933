import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  BillingCampaigns,
  type BillingMessageRow,
  type BillingStatsRow,
  type CampaignLine,
  type ContactFilter,
  type ContactLine,
  type NewCampaign,
  type NewCampaignContact,
  type StatusGroup,
  type StoredCampaign,
} from '../../application/ports/billing-campaigns.repository';
import { OPT_OUT_REASONS } from '../../domain/billing/billing-queue-status';

const CAMPAIGN_COLUMNS = `id, queue_id, tenant_id, template_type, external_id, fingerprint, total_contacts, created_at`;

/** A campaign contact's debtor: one per phone and tenant, so opt-outs and contact history follow the number. */
export const billingDebtorId = (phone: string) => `billing:${phone}`;

@Injectable()
export class TypeormBillingCampaigns extends BillingCampaigns {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async byExternalId(
    tx: EntityManager,
    tenantId: string,
    externalId: string,
  ): Promise<StoredCampaign | null> {
    const [row] = (await tx.query(
      `SELECT ${CAMPAIGN_COLUMNS} FROM notification_flow.billing_campaigns WHERE tenant_id = $1 AND external_id = $2`,
      [tenantId, externalId],
    )) as StoredCampaign[];
    return row ?? null;
  }

  async optedOut(tx: EntityManager, tenantId: string, phones: string[]): Promise<Set<string>> {
    const rows = (await tx.query(
      `SELECT phone, whatsapp FROM notification_flow.debtors
        WHERE tenant_id = $1 AND opted_out_at IS NOT NULL AND (whatsapp = ANY($2::text[]) OR phone = ANY($2::text[]))`,
      [tenantId, phones],
    )) as Array<{ phone: string | null; whatsapp: string | null }>;
    return new Set(rows.flatMap((r) => [r.phone, r.whatsapp]).filter((p): p is string => p !== null));
  }

  async create(tx: EntityManager, c: NewCampaign, contacts: NewCampaignContact[]): Promise<boolean> {
    const [inserted] = (await tx.query(
      `INSERT INTO notification_flow.billing_campaigns
         (id, queue_id, tenant_id, template_type, template_id, external_id, fingerprint, api_key_id, total_contacts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (tenant_id, external_id) WHERE external_id IS NOT NULL DO NOTHING RETURNING id`,
      [
        c.id,
        c.queueId,
        c.tenantId,
        c.type,
        c.templateId,
        c.externalId,
        c.fingerprint,
        c.apiKeyId,
        contacts.length,
      ],
    )) as Array<{ id: string }>;
    if (!inserted) return false;
    // Debtors, contacts and schedules in one statement fed by one JSON document: one round trip, and no
    // per-element quoting of a dozen parallel arrays (pg's array serialisation was the intake's hot spot).
    const input = JSON.stringify(
      contacts.map((x) => ({
        id: x.id,
        position: x.position,
        nome: x.contact.nome,
        telefone: x.contact.telefone,
        data: x.contact,
        template_text: x.templateText,
        variation: x.variation,
        debtor_id: billingDebtorId(x.contact.telefone),
        anchor: x.contact.dataVencimento ?? x.today,
        skipped: x.skippedReason,
      })),
    );
    await tx.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($3::jsonb) AS u(id uuid, position int, nome text, telefone text, data jsonb,
           template_text text, variation text, debtor_id text, anchor date, skipped text)),
       -- debtors in id order: concurrent campaigns sharing phones lock them in one order (no deadlock)
       debtors AS (
         INSERT INTO notification_flow.debtors (tenant_id, id, source, name, phone, whatsapp)
         SELECT DISTINCT ON (debtor_id) $1, debtor_id, 'billing_api', nome, telefone, telefone
           FROM input ORDER BY debtor_id
         ON CONFLICT (tenant_id, id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()),
       billing_contacts AS (
         INSERT INTO notification_flow.billing_contacts
           (id, tenant_id, campaign_id, position, nome, telefone, data, template_text, variation)
         SELECT id, $1, $2, position, nome, telefone, data, template_text, variation FROM input)
       -- due a second ago: a dispatcher clock in whole milliseconds never reads them as not yet due
       INSERT INTO notification_flow.schedules
         (id, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index, channel, type, all_day,
          anchor_date, planned_at, due_at, status, status_reason, campaign_id, contact_id)
       SELECT id, $1, debtor_id, NULL, NULL, 'billing:' || $4, 0, 'whatsapp', $4, $4 = 'notification',
              anchor, now(), now() - interval '1 second',
              CASE WHEN skipped IS NULL THEN 'planned' ELSE 'skipped' END, skipped, $2, id
         FROM input`,
      [c.tenantId, c.id, input, c.type],
    );
    const skipped = contacts.filter((x) => x.skippedReason !== null);
    if (skipped.length > 0) {
      await tx.query(
        `INSERT INTO notification_flow.contact_history (tenant_id, schedule_id, debtor_id, channel, event, error, detail)
         SELECT $1, u.id, u.debtor_id, 'whatsapp', 'skipped', u.reason, jsonb_build_object('campaign_id', $2::text)
           FROM unnest($3::uuid[], $4::text[], $5::text[]) AS u(id, debtor_id, reason)`,
        [
          c.tenantId,
          c.id,
          skipped.map((x) => x.id),
          skipped.map((x) => billingDebtorId(x.contact.telefone)),
          skipped.map((x) => x.skippedReason),
        ],
      );
    }
    return true;
  }

  async byQueueId(tenantId: string, queueId: string): Promise<StoredCampaign | null> {
    const [row] = (await this.dataSource.query(
      `SELECT ${CAMPAIGN_COLUMNS} FROM notification_flow.billing_campaigns WHERE tenant_id = $1 AND queue_id = $2`,
      [tenantId, queueId],
    )) as StoredCampaign[];
    return row ?? null;
  }

  async byId(tenantId: string, campaignId: string): Promise<StoredCampaign | null> {
    const [row] = (await this.dataSource.query(
      `SELECT ${CAMPAIGN_COLUMNS} FROM notification_flow.billing_campaigns WHERE tenant_id = $1 AND id = $2`,
      [tenantId, campaignId],
    )) as StoredCampaign[];
    return row ?? null;
  }

  async statusGroups(tenantId: string, campaignId: string): Promise<StatusGroup[]> {
    return (await this.dataSource.query(
      `WITH latest AS (
         SELECT DISTINCT ON (contact_id) status, attempts, status_reason, due_at, sent_at
           FROM notification_flow.schedules
          WHERE campaign_id = $2 AND tenant_id = $1
          ORDER BY contact_id, created_at DESC, fallback_index DESC)
       SELECT status, attempts > 0 AS retried, status_reason AS reason, count(*)::int AS n,
              min(due_at) AS next_due, min(sent_at) AS first_sent, max(sent_at) AS last_sent
         FROM latest GROUP BY 1, 2, 3`,
      [tenantId, campaignId],
    )) as StatusGroup[];
  }

  async contacts(
    tenantId: string,
    campaignId: string,
    filter: ContactFilter | null,
    limit: number,
    offset: number,
  ): Promise<{ items: ContactLine[]; total: number }> {
    const where = filter
      ? `WHERE l.status = ANY($3::text[]) AND ($4::boolean IS NULL OR (l.attempts > 0) = $4)
           AND (l.status <> 'cancelled' OR $5::boolean IS NULL
                OR (COALESCE(l.status_reason, '') = ANY($6::text[])) = $5)`
      : `WHERE $3::text[] IS NULL AND $4::boolean IS NULL AND $5::boolean IS NULL AND $6::text[] IS NULL`;
    const params = [
      tenantId,
      campaignId,
      filter?.statuses ?? null,
      filter?.retried ?? null,
      filter?.cancelledBecause?.matching ?? null,
      filter?.cancelledBecause?.reasons ?? null,
    ];
    const rows = (await this.dataSource.query(
      `SELECT bc.id, bc.position, bc.nome, bc.telefone, l.status, l.attempts, l.status_reason, l.channel, l.sent_at,
              l.due_at, l.provider_message_id, count(*) OVER ()::int AS total
         FROM notification_flow.billing_contacts bc
         JOIN LATERAL (
           SELECT s.status, s.attempts, s.status_reason, s.channel, s.sent_at, s.due_at, s.provider_message_id
             FROM notification_flow.schedules s
            WHERE s.contact_id = bc.id
            ORDER BY s.created_at DESC, s.fallback_index DESC LIMIT 1) l ON true
         ${where.replace('WHERE', 'WHERE bc.campaign_id = $2 AND bc.tenant_id = $1 AND')}
        ORDER BY bc.position
        LIMIT $7 OFFSET $8`,
      [...params, limit, offset],
    )) as Array<ContactLine & { total: number }>;
    let total = rows[0]?.total;
    if (total === undefined) {
      // an empty page (or past the end): count on its own
      const [r] = (await this.dataSource.query(
        `SELECT count(*)::int AS n FROM notification_flow.billing_contacts bc
           JOIN LATERAL (SELECT s.status, s.attempts, s.status_reason FROM notification_flow.schedules s
                          WHERE s.contact_id = bc.id
                          ORDER BY s.created_at DESC, s.fallback_index DESC LIMIT 1) l ON true
           ${where.replace('WHERE', 'WHERE bc.campaign_id = $2 AND bc.tenant_id = $1 AND')}`,
        params,
      )) as Array<{ n: number }>;
      total = r!.n;
    }
    return { items: rows.map(({ total: _t, ...line }) => line), total };
  }

  async list(
    tenantId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: CampaignLine[]; total: number }> {
    const rows = (await this.dataSource.query(
      `SELECT c.id, c.queue_id, c.tenant_id, c.template_type, c.external_id, c.fingerprint, c.total_contacts, c.created_at,
              count(*) OVER ()::int AS total,
              (SELECT count(*)::int FROM notification_flow.schedules s WHERE s.campaign_id = c.id AND s.status = 'sent') AS sent,
              (SELECT count(*)::int FROM notification_flow.schedules s WHERE s.campaign_id = c.id AND s.status = 'failed') AS failed,
              (SELECT count(*)::int FROM notification_flow.schedules s
                WHERE s.campaign_id = c.id AND s.status IN ('planned', 'deferred', 'queued', 'sending')) AS waiting
         FROM notification_flow.billing_campaigns c
        WHERE c.tenant_id = $1
        ORDER BY c.created_at DESC, c.id
        LIMIT $2 OFFSET $3`,
      [tenantId, limit, offset],
    )) as Array<CampaignLine & { total: number }>;
    let total = rows[0]?.total;
    if (total === undefined) {
      const [r] = (await this.dataSource.query(
        `SELECT count(*)::int AS n FROM notification_flow.billing_campaigns WHERE tenant_id = $1`,
        [tenantId],
      )) as Array<{ n: number }>;
      total = r!.n;
    }
    return { items: rows.map(({ total: _t, ...line }) => line), total };
  }

  async stats(tenantId: string): Promise<BillingStatsRow> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM notification_flow.billing_campaigns WHERE tenant_id = $1) AS campaigns,
              (SELECT coalesce(sum(total_contacts), 0)::int FROM notification_flow.billing_campaigns WHERE tenant_id = $1) AS contacts,
              count(*) FILTER (WHERE status = 'sent')::int AS sent,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status IN ('planned', 'deferred', 'queued', 'sending', 'unknown'))::int AS waiting,
              -- an opt-out that cancelled a waiting contact is a skip to the ERP (billing-queue-status.ts)
              count(*) FILTER (WHERE status = 'skipped' OR (status = 'cancelled' AND status_reason = ANY($2::text[])))::int
                AS skipped,
              count(*) FILTER (WHERE status = 'cancelled' AND NOT coalesce(status_reason = ANY($2::text[]), false))::int
                AS cancelled,
              (SELECT coalesce(jsonb_object_agg(template_type, n), '{}'::jsonb) FROM (
                 SELECT template_type, count(*)::int AS n FROM notification_flow.billing_campaigns
                  WHERE tenant_id = $1 GROUP BY 1) t) AS by_type
         FROM notification_flow.schedules WHERE tenant_id = $1 AND campaign_id IS NOT NULL`,
      [tenantId, OPT_OUT_REASONS],
    )) as BillingStatsRow[];
    return row!;
  }

  async messages(contactIds: string[]): Promise<BillingMessageRow[]> {
    if (contactIds.length === 0) return [];
    return (await this.dataSource.query(
      `SELECT bc.id AS contact_id, c.template_type, bc.data, bc.template_text
         FROM notification_flow.billing_contacts bc
         JOIN notification_flow.billing_campaigns c ON c.id = bc.campaign_id
        WHERE bc.id = ANY($1::uuid[])`,
      [[...new Set(contactIds)]],
    )) as BillingMessageRow[];
  }
}

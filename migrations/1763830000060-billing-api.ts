import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * notification-flow: the public billing API (seed 003). A campaign's contacts become schedules on the
 * same table the cadence uses (so they go through the same dispatcher, throttles, workers and history):
 * those schedules carry `campaign_id` and no flow. The campaign keeps the ERP's `external_id` (unique per
 * tenant: a resent request creates nothing) and a fingerprint of what was sent under it.
 */
export class BillingApi1763830000060 implements MigrationInterface {
  name = 'BillingApi1763830000060';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_flow.billing_templates (
        id            uuid PRIMARY KEY,
        tenant_id     uuid NOT NULL,
        name          text NOT NULL,
        template_type text NOT NULL CHECK (template_type IN ('overdue', 'upcoming', 'notification')),
        description   text NOT NULL DEFAULT '',
        is_active     boolean NOT NULL DEFAULT true,
        -- [{id, name, template_text, order, is_active}]
        variations    jsonb NOT NULL,
        total_uses    integer NOT NULL DEFAULT 0,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX billing_templates_tenant_idx ON notification_flow.billing_templates (tenant_id, template_type)`,
    );
    await q.query(`
      CREATE TABLE notification_flow.billing_campaigns (
        id             uuid PRIMARY KEY,
        queue_id       uuid NOT NULL UNIQUE,
        tenant_id      uuid NOT NULL,
        template_type  text NOT NULL CHECK (template_type IN ('overdue', 'upcoming', 'notification')),
        template_id    uuid,
        external_id    text,
        fingerprint    text NOT NULL,
        api_key_id     uuid,
        total_contacts integer NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX billing_campaigns_external_idx ON notification_flow.billing_campaigns (tenant_id, external_id)
         WHERE external_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX billing_campaigns_tenant_idx ON notification_flow.billing_campaigns (tenant_id, created_at DESC)`,
    );
    // One row per campaign contact; its id is the id of its first schedule.
    await q.query(`
      CREATE TABLE notification_flow.billing_contacts (
        id            uuid PRIMARY KEY,
        tenant_id     uuid NOT NULL,
        campaign_id   uuid NOT NULL REFERENCES notification_flow.billing_campaigns (id),
        position      integer NOT NULL,
        nome          text NOT NULL,
        telefone      text NOT NULL,
        data          jsonb NOT NULL,
        template_text text NOT NULL,
        variation     text NOT NULL,
        UNIQUE (campaign_id, position)
      )`);
    // Intake checks each batch's phones against the tenant's opted-out debtors.
    await q.query(
      `CREATE INDEX debtors_opted_out_idx ON notification_flow.debtors (tenant_id) WHERE opted_out_at IS NOT NULL`,
    );
    await q.query(`ALTER TABLE notification_flow.schedules ADD COLUMN campaign_id uuid`);
    await q.query(`ALTER TABLE notification_flow.schedules ADD COLUMN contact_id uuid`);
    await q.query(`ALTER TABLE notification_flow.schedules ALTER COLUMN flow_id DROP NOT NULL`);
    await q.query(`ALTER TABLE notification_flow.schedules ALTER COLUMN flow_version DROP NOT NULL`);
    await q.query(
      `ALTER TABLE notification_flow.schedules ADD CONSTRAINT schedules_flow_or_campaign
         CHECK ((flow_id IS NOT NULL AND flow_version IS NOT NULL) OR campaign_id IS NOT NULL)`,
    );
    await q.query(
      `CREATE INDEX schedules_campaign_idx ON notification_flow.schedules (campaign_id, status)
         WHERE campaign_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX schedules_contact_idx ON notification_flow.schedules (contact_id, created_at)
         WHERE contact_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification_flow.schedules WHERE campaign_id IS NOT NULL`);
    await q.query(`ALTER TABLE notification_flow.schedules DROP CONSTRAINT schedules_flow_or_campaign`);
    await q.query(`ALTER TABLE notification_flow.schedules ALTER COLUMN flow_version SET NOT NULL`);
    await q.query(`ALTER TABLE notification_flow.schedules ALTER COLUMN flow_id SET NOT NULL`);
    await q.query(`ALTER TABLE notification_flow.schedules DROP COLUMN contact_id`);
    await q.query(`ALTER TABLE notification_flow.schedules DROP COLUMN campaign_id`);
    await q.query(`DROP INDEX notification_flow.debtors_opted_out_idx`);
    await q.query(`DROP TABLE notification_flow.billing_contacts`);
    await q.query(`DROP TABLE notification_flow.billing_campaigns`);
    await q.query(`DROP TABLE notification_flow.billing_templates`);
  }
}

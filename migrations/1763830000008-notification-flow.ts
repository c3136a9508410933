import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * notification-flow: versioned flows, debtors and their debts (fed by other contexts' events), planned
 * schedules, the immutable contact history, templates, tenant settings and the shared throttle windows.
 */
export class NotificationFlow1763830000008 implements MigrationInterface {
  name = 'NotificationFlow1763830000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS notification_flow`);
    await q.query(`
      CREATE TABLE notification_flow.flows (
        id              uuid PRIMARY KEY,
        tenant_id       uuid NOT NULL,
        name            text NOT NULL,
        is_default      boolean NOT NULL DEFAULT false,
        current_version integer NOT NULL,
        archived_at     timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX flows_one_default_idx ON notification_flow.flows (tenant_id)
         WHERE is_default AND archived_at IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX flows_name_idx ON notification_flow.flows (tenant_id, lower(name)) WHERE archived_at IS NULL`,
    );
    // A version is never changed once written: a debt cycle keeps the version it started with.
    await q.query(`
      CREATE TABLE notification_flow.flow_versions (
        flow_id    uuid NOT NULL REFERENCES notification_flow.flows (id),
        version    integer NOT NULL,
        steps      jsonb NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (flow_id, version)
      )`);
    await q.query(`
      CREATE TABLE notification_flow.debtors (
        tenant_id        uuid NOT NULL,
        id               text NOT NULL,
        source           text NOT NULL,
        name             text NOT NULL,
        document         text,
        email            text,
        phone            text,
        whatsapp         text,
        consent          boolean NOT NULL DEFAULT true,
        birth_date       date,
        opted_out_at     timestamptz,
        opt_out_reason   text,
        snoozed_until    timestamptz,
        last_contact_at  timestamptz,
        -- the open debt cycle: the first open debt's due date, and the flow version it started with
        cycle_anchor     date,
        cycle_flow_id    uuid,
        cycle_flow_version integer,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`
      CREATE TABLE notification_flow.debts (
        tenant_id    uuid NOT NULL,
        id           text NOT NULL,
        debtor_id    text NOT NULL,
        source       text NOT NULL,
        contract_id  text,
        description  text NOT NULL DEFAULT '',
        due_date     date NOT NULL,
        amount_cents bigint NOT NULL,
        open_cents   bigint NOT NULL,
        status       text NOT NULL CHECK (status IN ('open', 'paid', 'cancelled', 'escalated', 'contract_cancelled')),
        flow_id      uuid,
        flow_version integer,
        opened_at    timestamptz NOT NULL DEFAULT now(),
        closed_at    timestamptz,
        updated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(
      `CREATE INDEX debts_debtor_open_idx ON notification_flow.debts (tenant_id, debtor_id) WHERE status = 'open'`,
    );
    await q.query(
      `CREATE INDEX debts_contract_idx ON notification_flow.debts (tenant_id, contract_id) WHERE status = 'open'`,
    );
    await q.query(`
      CREATE TABLE notification_flow.schedules (
        id                  uuid PRIMARY KEY,
        tenant_id           uuid NOT NULL,
        debtor_id           text NOT NULL,
        flow_id             uuid NOT NULL,
        flow_version        integer NOT NULL,
        step_key            text NOT NULL,
        step_index          integer NOT NULL,
        channel             text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp')),
        fallback_index      integer NOT NULL DEFAULT 0,
        type                text NOT NULL CHECK (type IN ('upcoming', 'overdue', 'notification')),
        all_day             boolean NOT NULL DEFAULT false,
        anchor_date         date NOT NULL,
        planned_at          timestamptz NOT NULL,
        due_at              timestamptz NOT NULL,
        status              text NOT NULL CHECK (status IN ('planned', 'queued', 'sending', 'sent', 'failed',
                                                  'cancelled', 'deferred', 'skipped', 'unknown')),
        status_reason       text,
        attempts            integer NOT NULL DEFAULT 0,
        recipient           text,
        provider            text,
        provider_message_id text,
        queued_at           timestamptz,
        sending_at          timestamptz,
        sent_at             timestamptz,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, debtor_id, flow_id, flow_version, step_key, channel, anchor_date)
      )`);
    await q.query(
      `CREATE INDEX schedules_due_idx ON notification_flow.schedules (due_at)
         WHERE status IN ('planned', 'deferred')`,
    );
    await q.query(`CREATE INDEX schedules_debtor_idx ON notification_flow.schedules (tenant_id, debtor_id)`);
    await q.query(
      `CREATE INDEX schedules_tenant_status_idx ON notification_flow.schedules (tenant_id, status, due_at)`,
    );
    // Immutable: one row per attempt and per delivery event, never updated nor deleted.
    await q.query(`
      CREATE TABLE notification_flow.contact_history (
        id                  bigserial PRIMARY KEY,
        tenant_id           uuid NOT NULL,
        schedule_id         uuid,
        debtor_id           text NOT NULL,
        attempt             integer NOT NULL DEFAULT 0,
        channel             text NOT NULL,
        provider            text,
        provider_message_id text,
        event               text NOT NULL,
        error               text,
        latency_ms          integer,
        detail              jsonb NOT NULL DEFAULT '{}',
        at                  timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX contact_history_debtor_idx ON notification_flow.contact_history (tenant_id, debtor_id, at)`,
    );
    await q.query(
      `CREATE INDEX contact_history_provider_id_idx ON notification_flow.contact_history (tenant_id, provider_message_id)
         WHERE provider_message_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX contact_history_stats_idx ON notification_flow.contact_history (tenant_id, at)`,
    );
    await q.query(`
      CREATE FUNCTION notification_flow.contact_history_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'contact history is immutable';
      END $$`);
    await q.query(`
      CREATE TRIGGER contact_history_immutable BEFORE UPDATE OR DELETE ON notification_flow.contact_history
        FOR EACH ROW EXECUTE FUNCTION notification_flow.contact_history_immutable()`);
    await q.query(`
      CREATE TABLE notification_flow.templates (
        id          uuid PRIMARY KEY,
        tenant_id   uuid NOT NULL,
        type        text NOT NULL CHECK (type IN ('upcoming', 'overdue', 'notification')),
        channel     text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp')),
        name        text NOT NULL,
        subject     text,
        variations  text[] NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, type, channel)
      )`);
    await q.query(`
      CREATE TABLE notification_flow.tenant_settings (
        tenant_id          uuid PRIMARY KEY,
        settings           jsonb NOT NULL DEFAULT '{}',
        whatsapp_paused_at timestamptz,
        whatsapp_pause_reason text,
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    // Sliding-window throttles shared by every process: one row per send admitted, per throttle key.
    await q.query(`
      CREATE TABLE notification_flow.throttle_keys (
        key        text PRIMARY KEY,
        day        date,
        day_count  integer NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE notification_flow.throttle_sends (
        key text NOT NULL,
        at  timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX throttle_sends_key_at_idx ON notification_flow.throttle_sends (key, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA notification_flow CASCADE`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * debt-escalation: per-tenant settings, collection cases (one open case per source + debtor + contract,
 * enforced by a partial unique index), the debts each case holds (a debt belongs to one case, ever),
 * the append-only history of every change, and the Discord alert batch.
 */
export class DebtEscalation1763830000070 implements MigrationInterface {
  name = 'DebtEscalation1763830000070';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS debt_escalation`);
    await q.query(`
      CREATE TABLE debt_escalation.settings (
        tenant_id        uuid PRIMARY KEY,
        threshold_days   int NOT NULL DEFAULT 90 CHECK (threshold_days BETWEEN 1 AND 3650),
        min_amount_cents bigint NOT NULL DEFAULT 0 CHECK (min_amount_cents >= 0),
        sources          text[] NOT NULL DEFAULT ARRAY['ixc', 'clinic'],
        alert_discord    boolean NOT NULL DEFAULT true,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE debt_escalation.cases (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id        uuid NOT NULL,
        source           text NOT NULL,
        debtor_id        text NOT NULL,
        -- '' when the source has no contract for the debt (the debtor's loose debts form one case)
        contract_key     text NOT NULL,
        debtor_name      text,
        debtor_document  text,
        state            text NOT NULL DEFAULT 'open' CHECK (state IN
                           ('open', 'in_negotiation', 'agreement', 'settled', 'written_off', 'returned')),
        assignee         text,
        open_cents       bigint NOT NULL DEFAULT 0,
        recovered_cents  bigint NOT NULL DEFAULT 0,
        threshold_days   int NOT NULL,
        oldest_due_date  date NOT NULL,
        version          int NOT NULL DEFAULT 1,
        crm_status       text NOT NULL DEFAULT 'pending' CHECK (crm_status IN
                           ('pending', 'linked', 'created', 'not_found', 'failed', 'off')),
        crm_person_id    text,
        crm_deal_id      text,
        crm_attempts     int NOT NULL DEFAULT 0,
        crm_next_at      timestamptz NOT NULL DEFAULT now(),
        crm_error        text,
        opened_at        timestamptz NOT NULL DEFAULT now(),
        closed_at        timestamptz,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX cases_one_open_idx ON debt_escalation.cases (tenant_id, source, debtor_id, contract_key)
         WHERE state IN ('open', 'in_negotiation', 'agreement')`,
    );
    await q.query(
      `CREATE INDEX cases_tenant_state_idx ON debt_escalation.cases (tenant_id, state, opened_at DESC)`,
    );
    await q.query(
      `CREATE INDEX cases_crm_pending_idx ON debt_escalation.cases (crm_next_at) WHERE crm_status = 'pending'`,
    );
    await q.query(`
      CREATE TABLE debt_escalation.case_debts (
        tenant_id    uuid NOT NULL,
        source       text NOT NULL,
        debt_id      text NOT NULL,
        case_id      uuid NOT NULL REFERENCES debt_escalation.cases (id),
        due_date     date NOT NULL,
        amount_cents bigint NOT NULL,
        open_cents   bigint NOT NULL,
        status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'cancelled')),
        joined_at    timestamptz NOT NULL DEFAULT now(),
        closed_at    timestamptz,
        PRIMARY KEY (tenant_id, source, debt_id)
      )`);
    await q.query(`CREATE INDEX case_debts_case_idx ON debt_escalation.case_debts (case_id)`);
    await q.query(`
      CREATE TABLE debt_escalation.case_history (
        id         bigserial PRIMARY KEY,
        tenant_id  uuid NOT NULL,
        case_id    uuid NOT NULL REFERENCES debt_escalation.cases (id),
        kind       text NOT NULL CHECK (kind IN ('opened', 'transition', 'assigned', 'debt_joined', 'crm')),
        from_state text,
        to_state   text NOT NULL,
        assignee   text,
        actor      text NOT NULL,
        note       text,
        at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_history_case_idx ON debt_escalation.case_history (case_id, id)`);
    // The history is immutable: no UPDATE or DELETE, whoever asks.
    await q.query(`
      CREATE FUNCTION debt_escalation.history_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'debt_escalation.case_history is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER case_history_immutable BEFORE UPDATE OR DELETE ON debt_escalation.case_history
        FOR EACH ROW EXECUTE FUNCTION debt_escalation.history_is_immutable()`);
    await q.query(`
      CREATE TABLE debt_escalation.alerts (
        id         bigserial PRIMARY KEY,
        tenant_id  uuid NOT NULL,
        case_id    uuid NOT NULL,
        summary    jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at    timestamptz,
        attempts   int NOT NULL DEFAULT 0,
        UNIQUE (case_id)
      )`);
    await q.query(
      `CREATE INDEX alerts_pending_idx ON debt_escalation.alerts (tenant_id, id) WHERE sent_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA debt_escalation CASCADE`);
  }
}

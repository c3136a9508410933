import type { MigrationInterface, QueryRunner } from 'typeorm';

/** debtor-sync: covered clinics, the mirror of their patients, contracts and installments, the run ledger. */
export class DebtorSync1763830000030 implements MigrationInterface {
  name = 'DebtorSync1763830000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS debtor_sync`);
    await q.query(`
      CREATE TABLE debtor_sync.clinics (
        tenant_id     uuid NOT NULL,
        id            uuid NOT NULL,
        external_id   bigint NOT NULL,
        name          text NOT NULL,
        corporate_name text,
        cnpj          text,
        time_zone     text NOT NULL DEFAULT 'America/Sao_Paulo',
        coverage      text NOT NULL CHECK (coverage IN ('covered', 'paused', 'ended')),
        last_synced_at timestamptz,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, external_id)
      )`);
    await q.query(`
      CREATE TABLE debtor_sync.patients (
        tenant_id          uuid NOT NULL,
        id                 bigint NOT NULL,
        clinic_id          uuid NOT NULL,
        name               text NOT NULL,
        cpf                text,
        cpf_valid          boolean NOT NULL,
        birth_date         date,
        email              text,
        mobile_phone       text,
        home_phone         text,
        work_phone         text,
        contact_name       text,
        contact_phone      text,
        responsible_name   text,
        responsible_phone  text,
        responsible_email  text,
        responsible_relation text,
        row_hash           text NOT NULL,
        synced_at          timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX patients_clinic ON debtor_sync.patients (tenant_id, clinic_id)`);
    await q.query(`
      CREATE TABLE debtor_sync.contracts (
        tenant_id        uuid NOT NULL,
        id               bigint NOT NULL,
        clinic_id        uuid NOT NULL,
        patient_id       bigint NOT NULL,
        version          integer,
        status           text NOT NULL,
        friendly_dunning boolean NOT NULL,
        payment_method   text,
        total_cents      bigint,
        row_hash         text NOT NULL,
        synced_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX contracts_patient ON debtor_sync.contracts (tenant_id, patient_id)`);
    await q.query(`
      CREATE TABLE debtor_sync.installments (
        tenant_id      uuid NOT NULL,
        id             bigint NOT NULL,
        clinic_id      uuid NOT NULL,
        contract_id    bigint NOT NULL,
        patient_id     bigint NOT NULL,
        number         integer NOT NULL,
        due_date       date NOT NULL,
        amount_cents   bigint NOT NULL,
        raw_status     text NOT NULL,
        status         text NOT NULL CHECK (status IN ('open', 'paid', 'cancelled')),
        payment_method text,
        row_hash       text NOT NULL,
        synced_at      timestamptz NOT NULL DEFAULT now(),
        overdue_notified_for  date,
        due_soon_notified_for date,
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(
      `CREATE INDEX installments_open ON debtor_sync.installments (tenant_id, clinic_id, due_date) WHERE status = 'open'`,
    );
    await q.query(`CREATE INDEX installments_patient ON debtor_sync.installments (tenant_id, patient_id)`);
    await q.query(`
      CREATE TABLE debtor_sync.sync_runs (
        tenant_id   uuid NOT NULL,
        id          uuid NOT NULL,
        clinic_id   uuid NOT NULL,
        kind        text NOT NULL CHECK (kind IN ('initial', 'periodic')),
        trigger     text NOT NULL,
        status      text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        window_from date NOT NULL,
        window_to   date NOT NULL,
        counts      jsonb NOT NULL,
        error       text,
        started_at  timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX sync_runs_recent ON debtor_sync.sync_runs (tenant_id, started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA debtor_sync CASCADE`);
  }
}

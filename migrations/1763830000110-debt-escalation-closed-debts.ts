import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * debt-escalation remembers debts closed at their source (paid or cancelled) before any case held them,
 * with the source's version, so that a late or replayed `overdue` event cannot open a case for a debt
 * already paid. Rows are pruned after a while by the escalation job (late events come within days).
 */
export class DebtEscalationClosedDebts1763830000110 implements MigrationInterface {
  name = 'DebtEscalationClosedDebts1763830000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE debt_escalation.closed_debts (
        tenant_id uuid NOT NULL,
        source    text NOT NULL,
        debt_id   text NOT NULL,
        -- the source's version of the debt when it closed; '' when unknown (a payment webhook: news the
        -- source has not written yet), which no later event can outdate
        version   text NOT NULL DEFAULT '',
        status    text NOT NULL CHECK (status IN ('paid', 'cancelled')),
        closed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, source, debt_id)
      )`);
    await q.query(`CREATE INDEX closed_debts_closed_at_idx ON debt_escalation.closed_debts (closed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE debt_escalation.closed_debts`);
  }
}

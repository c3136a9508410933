import type { EntityManager } from 'typeorm';
import type { ClosedDebt, DebtSource, OverdueDebt } from '../../domain/escalation-rule';

/**
 * A partial payment lowers what a held debt owes and closes it only once nothing is left. Answers, per
 * debt, its case and the part of the payment it absorbed (what counts as recovered).
 */
export async function lowerPartlyPaid(
  tx: EntityManager,
  tenantId: string,
  source: DebtSource,
  partial: ClosedDebt[],
): Promise<Array<{ case_id: string; open_cents: string }>> {
  if (partial.length === 0) return [];
  const [rows] = (await tx.query(
    `WITH paid AS (
       SELECT debt_id, cents FROM unnest($3::text[], $4::bigint[]) AS p(debt_id, cents)
     ), before AS (
       SELECT d.debt_id, d.open_cents FROM debt_escalation.case_debts d JOIN paid USING (debt_id)
        WHERE d.tenant_id = $1 AND d.source = $2 AND d.status = 'open' FOR UPDATE
     )
     UPDATE debt_escalation.case_debts d
        SET open_cents = GREATEST(b.open_cents - p.cents, 0),
            status = CASE WHEN b.open_cents <= p.cents THEN 'paid' ELSE d.status END,
            closed_at = CASE WHEN b.open_cents <= p.cents THEN now() ELSE d.closed_at END
       FROM before b JOIN paid p USING (debt_id)
      WHERE d.tenant_id = $1 AND d.source = $2 AND d.debt_id = b.debt_id
      RETURNING d.case_id, LEAST(b.open_cents, p.cents)::text AS open_cents`,
    [tenantId, source, partial.map((d) => d.debtId), partial.map((d) => d.partialCents)],
  )) as [Array<{ case_id: string; open_cents: string }>, number];
  return rows;
}

/**
 * Debts closed at their source, with the newest version seen ('' = unknown, which nothing outdates):
 * no case opens for them from a state read or from an event of the same or an older version.
 */
export async function rememberClosed(
  tx: EntityManager,
  tenantId: string,
  source: DebtSource,
  debts: ClosedDebt[],
  status: 'paid' | 'cancelled',
): Promise<void> {
  if (debts.length === 0) return;
  await tx.query(
    `INSERT INTO debt_escalation.closed_debts AS c (tenant_id, source, debt_id, version, status)
     SELECT $1, $2, d.debt_id, d.version, $5
       FROM unnest($3::text[], $4::text[]) AS d(debt_id, version)
     ON CONFLICT (tenant_id, source, debt_id) DO UPDATE SET
       version = CASE WHEN c.version = '' OR EXCLUDED.version = '' THEN ''
                      ELSE GREATEST(c.version, EXCLUDED.version) END,
       status = EXCLUDED.status, closed_at = now()`,
    [tenantId, source, debts.map((d) => d.debtId), debts.map((d) => d.version ?? ''), status],
  );
}

/** The ids of `debts` closed at the source and not reopened by a newer version since. */
export async function closedAtSource(
  tx: EntityManager,
  tenantId: string,
  source: DebtSource,
  debts: OverdueDebt[],
): Promise<string[]> {
  const rows = (await tx.query(
    `SELECT debt_id, version FROM debt_escalation.closed_debts
      WHERE tenant_id = $1 AND source = $2 AND debt_id = ANY($3::text[])`,
    [tenantId, source, debts.map((d) => d.debtId)],
  )) as Array<{ debt_id: string; version: string }>;
  return rows
    .filter(({ debt_id, version }) => {
      const debt = debts.find((d) => d.debtId === debt_id);
      return !debt?.version || version === '' || debt.version <= version;
    })
    .map((r) => r.debt_id);
}

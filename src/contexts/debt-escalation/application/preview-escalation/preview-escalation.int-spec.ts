import { startEscalationSlice, type EscalationSlice } from '../escalation-slice.test-helper';
import { PreviewEscalationQuery } from './preview-escalation.query';

describe('PreviewEscalationQuery (slice): the dry run reads the same source and rule, writes nothing', () => {
  let s: EscalationSlice;
  beforeAll(async () => {
    s = await startEscalationSlice('escalation-preview');
    const receivable = (id: number, customer: number, contract: number, daysAgo: number) =>
      s.db.query(
        `INSERT INTO sync_ixc.receivables (tenant_id, id, customer_id, contract_id, status, released, amount_cents,
                                           open_cents, received_cents, due_date, row_hash)
         VALUES ($1, $2, $3, $4, 'A', true, 5000, 5000, 0, (now() AT TIME ZONE 'America/Sao_Paulo')::date - $5::int, 'h')`,
        [s.tenantId, id, customer, contract, daysAgo],
      );
    await receivable(1, 1, 10, 100);
    await receivable(2, 1, 10, 95);
    await receivable(3, 2, 20, 30);
    await receivable(4, 3, 30, 120);
  });
  afterAll(() => s?.t.close());

  it('lists the cases that would open and the debts that would join', async () => {
    await s.escalate([s.debt({ debtId: '99', debtorId: '3', contractId: '30' })]);
    const preview = await s.queries.execute(new PreviewEscalationQuery(s.tenantId));
    expect(preview.wouldOpen.map((c) => [c.contractId, c.debtIds])).toEqual([['10', ['1', '2']]]);
    expect(preview).toMatchObject({
      thresholdDays: 90,
      wouldJoin: 1,
      belowMinimum: 0,
      // every source is on by default; the clinic one has nothing here
      sources: ['ixc', 'clinic'],
    });
    const [{ n }] = (await s.db.query(
      `SELECT count(*)::int AS n FROM debt_escalation.cases WHERE tenant_id = $1`,
      [s.tenantId],
    )) as [{ n: number }];
    expect(n).toBe(1);
  });
});

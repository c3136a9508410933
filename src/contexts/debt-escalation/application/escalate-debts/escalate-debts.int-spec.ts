import { startEscalationSlice, type EscalationSlice } from '../escalation-slice.test-helper';
import { SaveEscalationSettingsCommand } from '../save-escalation-settings/save-escalation-settings.command';

describe('EscalateDebtsCommand (slice)', () => {
  let s: EscalationSlice;
  beforeAll(async () => {
    s = await startEscalationSlice('escalate-debts');
  });
  afterAll(() => s?.t.close());

  const count = async (sql: string) =>
    Number(((await s.db.query(sql, [s.tenantId])) as Array<{ n: string }>)[0]!.n);

  it('opens one case per debtor + contract for debts past the threshold, and only the first call opens it', async () => {
    const debts = [
      s.debt({ debtId: 'a1', contractId: 'A' }),
      s.debt({ debtId: 'a2', contractId: 'A', daysOverdue: 91 }),
      s.debt({ debtId: 'b1', contractId: 'B', daysOverdue: 89 }),
    ];
    const results = await Promise.all([s.escalate(debts), s.escalate(debts), s.escalate(debts)]);
    expect(results.map((r) => r.opened).reduce((a, b) => a + b)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM debt_escalation.cases WHERE tenant_id = $1`)).toBe(1);
    expect(
      await count(
        `SELECT count(*) AS n FROM messaging.outbox WHERE tenant_id = $1 AND routing_key = 'debt_escalation.case.opened.v1'`,
      ),
    ).toBe(1);
    const [row] = (await s.db.query(
      `SELECT open_cents::int AS open, crm_status FROM debt_escalation.cases WHERE tenant_id = $1`,
      [s.tenantId],
    )) as Array<{ open: number; crm_status: string }>;
    // No CRM configured for the tenant: nothing to link.
    expect(row).toEqual({ open: 20_000, crm_status: 'off' });
  });

  it('joins later debts to the open case, and ignores debts already in a case', async () => {
    expect(
      await s.escalate([
        s.debt({ debtId: 'a3', contractId: 'A' }),
        s.debt({ debtId: 'a1', contractId: 'A' }),
      ]),
    ).toEqual({
      opened: 0,
      joined: 1,
      known: 1,
    });
  });

  it('holds a new case back below the minimum amount, but lets debts join an open one', async () => {
    await s.commands.execute(new SaveEscalationSettingsCommand(s.tenantId, { minAmountCents: 50_000 }));
    expect(await s.escalate([s.debt({ debtId: 'c1', contractId: 'C' })])).toMatchObject({ opened: 0 });
    expect(await s.escalate([s.debt({ debtId: 'a4', contractId: 'A' })])).toMatchObject({ joined: 1 });
    await s.commands.execute(new SaveEscalationSettingsCommand(s.tenantId, { minAmountCents: 0 }));
  });

  it('opens a new case for the contract once the previous one is closed', async () => {
    await s.db.query(
      `UPDATE debt_escalation.cases SET state = 'written_off' WHERE tenant_id = $1 AND contract_key = 'A'`,
      [s.tenantId],
    );
    // The written-off case's own debts do not reopen it …
    expect(await s.escalate([s.debt({ debtId: 'a1', contractId: 'A' })])).toMatchObject({
      opened: 0,
      known: 1,
    });
    // … a new debt of the contract does.
    expect(await s.escalate([s.debt({ debtId: 'a9', contractId: 'A' })])).toMatchObject({ opened: 1 });
  });
});

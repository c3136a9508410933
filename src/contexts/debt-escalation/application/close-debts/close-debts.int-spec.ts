import { GetCaseQuery } from '../get-case/get-case.query';
import { startEscalationSlice, type EscalationSlice } from '../escalation-slice.test-helper';
import { CloseDebtsCommand } from './close-debts.command';

describe('CloseDebtsCommand (slice)', () => {
  let s: EscalationSlice;
  beforeAll(async () => {
    s = await startEscalationSlice('close-debts');
  });
  afterAll(() => s?.t.close());

  it('settles the case by itself when its last debt is paid (cancelled ones count as nothing owed)', async () => {
    await s.escalate([
      s.debt({ debtId: 'p1' }),
      s.debt({ debtId: 'p2', openCents: 4_000 }),
      s.debt({ debtId: 'p3' }),
    ]);
    const id = await s.caseIdOf('ct-1');
    const close = (ids: string[], status: 'paid' | 'cancelled') =>
      s.commands.execute(new CloseDebtsCommand(s.tenantId, 'ixc', ids, status));
    expect(await close(['p1'], 'paid')).toEqual({ settled: 0 });
    expect(await close(['p3'], 'cancelled')).toEqual({ settled: 0 });
    expect(await close(['p1', 'unknown'], 'paid')).toEqual({ settled: 0 });
    expect(await close(['p2'], 'paid')).toEqual({ settled: 1 });
    const view = await s.queries.execute(new GetCaseQuery(s.tenantId, id));
    expect(view).toMatchObject({ state: 'settled', openCents: 0, recoveredCents: 14_000 });
    expect(view.history.at(-1)).toMatchObject({ kind: 'transition', to: 'settled', by: 'system' });
    expect(await close(['p2'], 'paid')).toEqual({ settled: 0 });
  });

  it('a partial payment lowers what the debt owes and keeps the case open; the rest settles it', async () => {
    await s.escalate([s.debt({ debtId: 'q1', contractId: 'ct-partial', openCents: 9_000 })]);
    const id = await s.caseIdOf('ct-partial');
    const pay = (cents: number) =>
      s.commands.execute(
        new CloseDebtsCommand(s.tenantId, 'ixc', [{ debtId: 'q1', partialCents: cents }], 'paid'),
      );
    expect(await pay(4_000)).toEqual({ settled: 0 });
    expect(await s.queries.execute(new GetCaseQuery(s.tenantId, id))).toMatchObject({
      state: 'open',
      openCents: 5_000,
      recoveredCents: 4_000,
    });
    // paying more than is left settles, and recovers only what was owed
    expect(await pay(6_000)).toEqual({ settled: 1 });
    expect(await s.queries.execute(new GetCaseQuery(s.tenantId, id))).toMatchObject({
      state: 'settled',
      openCents: 0,
      recoveredCents: 9_000,
    });
  });

  it('a debt paid before it escalated opens no case from a late event of the same or an older version', async () => {
    const close = (version: string | null) =>
      s.commands.execute(new CloseDebtsCommand(s.tenantId, 'ixc', [{ debtId: 'late-1', version }], 'paid'));
    const late = (version?: string) =>
      s.escalate([
        s.debt({
          debtId: 'late-1',
          debtorId: 'c-late',
          contractId: 'ct-late',
          ...(version ? { version } : {}),
        }),
      ]);
    const cases = async () =>
      (
        (await s.db.query(
          `SELECT count(*)::int AS n FROM debt_escalation.cases WHERE tenant_id = $1 AND contract_key = 'ct-late'`,
          [s.tenantId],
        )) as Array<{ n: number }>
      )[0]!.n;
    await close('2026-11-20 10:00:00');
    expect(await late('2026-11-20 10:00:00')).toMatchObject({ opened: 0 });
    expect(await late('2026-11-01 08:00:00')).toMatchObject({ opened: 0 });
    // a read of the source's current state (no version) does not reopen it either
    expect(await late()).toMatchObject({ opened: 0 });
    expect(await cases()).toBe(0);
    // the source changed it since (reopened, still owed): a newer version escalates
    expect(await late('2026-11-25 09:30:00')).toMatchObject({ opened: 1 });
    expect(await cases()).toBe(1);
  });

  it('a debt paid through a webhook (no version yet) is not reopened by any later event', async () => {
    await s.commands.execute(
      new CloseDebtsCommand(s.tenantId, 'ixc', [{ debtId: 'wh-1', version: null }], 'paid'),
    );
    expect(
      await s.escalate([
        s.debt({ debtId: 'wh-1', debtorId: 'c-wh', contractId: 'ct-wh', version: '2026-12-01 00:00:00' }),
      ]),
    ).toMatchObject({ opened: 0 });
  });
});

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
});

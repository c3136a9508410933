import { GetCaseQuery } from '../get-case/get-case.query';
import { GetEscalationStatsQuery } from '../get-escalation-stats/get-escalation-stats.query';
import { startEscalationSlice, type EscalationSlice } from '../escalation-slice.test-helper';
import { ListCasesQuery } from './list-cases.query';

describe('ListCasesQuery / GetCaseQuery / GetEscalationStatsQuery (slice)', () => {
  let s: EscalationSlice;
  beforeAll(async () => {
    s = await startEscalationSlice('list-cases');
    await s.escalate([
      s.debt({
        debtId: 'a',
        contractId: 'A',
        debtor: { name: 'Jéssica Araújo', document: '111.444.777-35' },
      }),
      s.debt({
        debtId: 'b',
        debtorId: 'c-2',
        contractId: 'B',
        debtor: { name: 'Pedro 50%_off', document: null },
      }),
    ]);
  });
  afterAll(() => s?.t.close());

  const list = (filter: { state?: 'open' | 'settled'; q?: string }) =>
    s.queries.execute(new ListCasesQuery(s.tenantId, { limit: 20, offset: 0, ...filter }));

  it.each([
    [{}, ['A', 'B']],
    [{ state: 'open' as const }, ['A', 'B']],
    [{ state: 'settled' as const }, []],
    [{ q: 'jéssica' }, ['A']],
    [{ q: '111444' }, ['A']],
    [{ q: '50%' }, ['B']],
    [{ q: '%' }, ['B']],
    [{ q: 'nobody' }, []],
  ])('filters %j', async (filter, contracts) => {
    const page = await list(filter);
    expect(page.items.map((c) => c.contractId).sort()).toEqual(contracts);
    expect(page.total).toBe(contracts.length);
  });

  it('shows one case with its debts and history, and the tenant stats', async () => {
    const id = await s.caseIdOf('A');
    const view = await s.queries.execute(new GetCaseQuery(s.tenantId, id));
    expect(view).toMatchObject({ id, state: 'open', openCents: 10_000, crm: { status: 'off' } });
    expect(view.debts.map((d) => d.debtId)).toEqual(['a']);
    expect(view.history.map((h) => h.kind)).toEqual(['opened']);
    const stats = await s.queries.execute(new GetEscalationStatsQuery(s.tenantId));
    expect(stats).toMatchObject({ inCollectionCents: 20_000, recoveredCents: 0 });
    expect(stats.byState).toEqual({
      open: 2,
      in_negotiation: 0,
      agreement: 0,
      settled: 0,
      written_off: 0,
      returned: 0,
    });
  });
});

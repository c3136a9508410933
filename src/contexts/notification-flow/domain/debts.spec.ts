import { onePerDebt, type ClosedDebt } from './debts';

const closed = (debtId: string, sourceUpdatedAt: string | null): ClosedDebt => ({
  source: 'ixc',
  debtId,
  debtorId: 'ixc:1',
  contractId: null,
  dueDate: '2026-12-01',
  amountCents: 100,
  sourceUpdatedAt,
});

describe('onePerDebt', () => {
  it('keeps the first entry of a debt listed twice, as closing them in order would', () => {
    const first = closed('ixc:1', '2026-12-01T10:00:00Z');
    const other = closed('ixc:2', null);
    expect(
      onePerDebt([first, other, closed('ixc:1', '2026-12-02T10:00:00Z'), closed('ixc:2', null)]),
    ).toEqual([first, other]);
  });
});

import { EnforcementSlice, type MagnusUser } from '../../../../../test/support/enforcement-slice';

/** The fast path on real Postgres and the MagnusBilling simulator, one recheck tick at a time. */
describe('contract rechecks (the fast path)', () => {
  let slice: EnforcementSlice;
  let users: MagnusUser[];

  beforeAll(async () => {
    slice = await EnforcementSlice.start();
    // A full run first, as in production (the first-look dry run): it counts the tenant's lines.
    const first = await slice.plan({ trigger: 'schedule', dryRun: true });
    await slice.applyPending(first.id, { dryRun: true });
    users = (await slice.soleContractUsers()).slice(0, 5);
  });
  afterAll(() => slice?.close());

  const statusChanged = (contractId: string) => slice.contractChanged(contractId);
  const eventRuns = async () =>
    (await slice.db.query(
      `SELECT id, scope FROM telephony_enforcement.runs WHERE tenant_id = $1 AND trigger = 'event'
        ORDER BY started_at`,
      [slice.tenantId],
    )) as Array<{ id: string; scope: { contractIds?: string[] } }>;

  it('settles: one status change makes one scoped run, then no run and no Magnus read while nothing changes', async () => {
    const [u] = users as [MagnusUser];
    const contract = u.dist.trim();
    await slice.line(u, 1, { status: 'A', status_internet: 'CA' });
    await statusChanged(contract);

    expect(await slice.recheck()).toBe(1);
    const [run, ...more] = await eventRuns();
    expect(more).toHaveLength(0);
    expect(run!.scope).toEqual({ contractIds: [contract] });
    const reads = await slice.magnusRequests('user/read');

    for (let tick = 0; tick < 4; tick += 1) expect(await slice.recheck()).toBe(0);
    expect(await eventRuns()).toHaveLength(1);
    expect(await slice.magnusRequests('user/read')).toBe(reads);
    const [left] = (await slice.db.query(
      `SELECT count(*)::int AS n FROM telephony_enforcement.contract_rechecks WHERE tenant_id = $1`,
      [slice.tenantId],
    )) as Array<{ n: number }>;
    expect(left!.n).toBe(0);
  });

  it('a contract that changes again after its recheck is rechecked again, once', async () => {
    const [, u] = users as [MagnusUser, MagnusUser];
    await slice.line(u, 1, { status: 'A', status_internet: 'A' });
    await statusChanged(u.dist.trim());
    expect(await slice.recheck()).toBe(1);
    await slice.setContract(u.dist.trim(), { status: 'A', status_internet: 'CA' });
    await statusChanged(u.dist.trim());
    await statusChanged(u.dist.trim()); // the same change delivered twice: still one recheck
    const before = (await eventRuns()).length;
    expect(await slice.recheck()).toBe(1);
    expect(await slice.recheck()).toBe(0);
    expect(await eventRuns()).toHaveLength(before + 1);
  });
});

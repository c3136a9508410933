import { EnforcementSlice, type MagnusUser } from '../../../../../test/support/enforcement-slice';
import { EnforcementState } from '../enforcement-state';
import type { EnforcementActionRecord, EnforcementRun } from '../../domain/enforcement-run';
import { EnforcementRunRepository } from '../ports/enforcement-run.repository';

/**
 * The safety breaker across the fast path, on real Postgres and the MagnusBilling simulator: a bad ERP
 * day must not drain through many small runs, nor through rechecks of what a held full run refused.
 */
describe('reconcile: the safety breaker holds across the fast path', () => {
  let slice: EnforcementSlice;
  let base: number;
  let fresh: MagnusUser[];

  beforeAll(async () => {
    slice = await EnforcementSlice.start();
    const first = await slice.plan({ trigger: 'schedule', dryRun: true });
    await slice.applyPending(first.id, { dryRun: true });
    base = first.accounts;
    fresh = await slice.soleContractUsers();
  });
  afterAll(() => slice?.close());

  const take = (n: number) => fresh.splice(0, n);
  const breaker = (limits: { maxShare?: number; maxCount?: number; windowMinutes?: number }) =>
    slice.get(EnforcementState).updateSettings(slice.tenantId, { breaker: limits });
  /** The fast path for these contracts: their changes queued, then one tick of the recheck job. */
  const recheck = async (users: MagnusUser[]): Promise<EnforcementRun> => {
    for (const u of users) await slice.contractChanged(u.dist.trim());
    expect(await slice.recheck()).toBe(1);
    const [latest] = (await slice.db.query(
      `SELECT id FROM telephony_enforcement.runs WHERE tenant_id = $1 AND trigger = 'event'
        ORDER BY started_at DESC LIMIT 1`,
      [slice.tenantId],
    )) as Array<{ id: string }>;
    return (await slice.get(EnforcementRunRepository).get(slice.tenantId, latest!.id))!;
  };
  const actionsOf = async (run: EnforcementRun): Promise<EnforcementActionRecord[]> =>
    (
      await slice
        .get(EnforcementRunRepository)
        .actions(slice.tenantId, run.id, { includeNoChange: true, limit: 1000, offset: 0 })
    ).items;
  const turnBlocked = async (users: MagnusUser[]) => {
    for (const u of users) await slice.line(u, 1, { status: 'A', status_internet: 'CA' });
  };

  it('counts the blocks of earlier runs in the window: the share holds over many small runs', async () => {
    // 5 blocks allowed in the window for the whole base; each recheck run alone stays under it.
    await breaker({ maxShare: 5.5 / base, maxCount: 1000, windowMinutes: 60 });
    const [one, two] = [take(3), take(3)];
    await turnBlocked([...one, ...two]);

    const first = await recheck(one);
    expect(first.status).toBe('running');
    await slice.applyPending(first.id);
    for (const u of one) expect((await slice.user(u.id)).active).toBe(4);

    const saves = await slice.magnusRequests('user/save');
    const second = await recheck(two);
    expect(second.status).toBe('held');
    expect(second.heldReason).toMatch(/6 block\/disable actions \(with 3 applied in the last 60 min\)/);
    expect((await actionsOf(second)).filter((a) => a.action === 'block').map((a) => a.outcome)).toEqual([
      'held',
      'held',
      'held',
    ]);
    expect(await slice.magnusRequests('user/save')).toBe(saves);
    for (const u of two) expect((await slice.user(u.id)).active).toBe(1);
  });

  it('outside the window, earlier blocks no longer count', async () => {
    await breaker({ maxShare: 5.5 / base, maxCount: 1000, windowMinutes: 60 });
    // The first test's blocks, applied two hours ago.
    await slice.db.query(
      `UPDATE telephony_enforcement.actions SET applied_at = applied_at - interval '2 hours'
        WHERE tenant_id = $1 AND outcome = 'applied'`,
      [slice.tenantId],
    );
    const users = take(3);
    await turnBlocked(users);
    const run = await recheck(users);
    expect(run.status).toBe('running');
  });

  it('a recheck does not apply what a held full run refused; other lines still go through', async () => {
    await breaker({ maxShare: 1, maxCount: 2, windowMinutes: 60 });
    const refused = take(3);
    await turnBlocked(refused);
    const [inStep] = take(1) as [MagnusUser];
    await slice.line(inStep, 1, { status: 'A', status_internet: 'A' });

    const full = await slice.plan({ trigger: 'schedule', dryRun: false });
    expect(full.status).toBe('held');
    const held = await actionsOf(full);
    for (const u of refused) {
      expect(held.find((a) => a.magnusUserId === u.id)).toMatchObject({ action: 'block', outcome: 'held' });
    }

    // The bad ERP day reaches the fast path too: the refused blocks stay refused.
    const saves = await slice.magnusRequests('user/save');
    const again = await recheck(refused.slice(0, 1));
    expect(again.status).toBe('completed');
    expect(await actionsOf(again)).toEqual([
      expect.objectContaining({ action: 'no_change', reason: 'held_by_breaker', outcome: 'none' }),
    ]);
    expect(await slice.magnusRequests('user/save')).toBe(saves);
    expect((await slice.user(refused[0]!.id)).active).toBe(1);

    // A change the held run never saw is not what it refused.
    await slice.setContract(inStep.dist.trim(), { status: 'A', status_internet: 'CA' });
    const other = await recheck([inStep]);
    expect(other.status).toBe('running');
    await slice.applyPending(other.id);
    expect((await slice.user(inStep.id)).active).toBe(4);

    // An operator who forces a partial run decides for those lines.
    const forced = await slice.plan({
      trigger: 'api',
      dryRun: false,
      force: true,
      usernames: [refused[1]!.username],
    });
    await slice.applyPending(forced.id);
    expect((await slice.user(refused[1]!.id)).active).toBe(4);
  });
});

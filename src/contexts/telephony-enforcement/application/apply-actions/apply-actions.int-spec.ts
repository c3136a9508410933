import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { EnforcementSlice, type MagnusUser } from '../../../../../test/support/enforcement-slice';
import { eventually } from '../../../../../test/support/eventually';
import { Outbox } from '../../../../platform/messaging/outbox';
import { EnforcementMetrics } from '../enforcement-metrics';
import { EnforcementState } from '../enforcement-state';
import { MagnusLines } from '../ports/magnus-lines';
import type { EnforcementActionRecord, EnforcementRun, PlannedAction } from '../../domain/enforcement-run';
import { EnforcementRunRepository } from '../ports/enforcement-run.repository';
import { ApplyActionsCommand, type ApplyRequest } from './apply-actions.command';
import { ApplyActionsHandler } from './apply-actions.handler';

/** Applying planned actions, on real Postgres against the MagnusBilling simulator. */
describe('apply actions', () => {
  let slice: EnforcementSlice;
  let runs: EnforcementRunRepository;
  let fresh: MagnusUser[];

  beforeAll(async () => {
    slice = await EnforcementSlice.start();
    runs = slice.get(EnforcementRunRepository);
    fresh = await slice.soleContractUsers();
  });
  afterAll(() => slice?.close());
  beforeEach(() => {
    // Failed writes are logged as warnings; the outcomes are what these specs look at.
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await slice.magnus.clearFaults();
  });

  const take = (n: number) => fresh.splice(0, n);
  /** A new handler, as another process would have (nothing remembered). */
  const another = () =>
    new ApplyActionsHandler(
      slice.get(MagnusLines),
      runs,
      slice.get(EnforcementState),
      slice.get(Outbox),
      slice.get(EnforcementMetrics),
    );

  /** A saved plan of blocks (active 1 → 4), one per user, as Reconcile saves it. */
  const planBlocks = async (users: MagnusUser[], dryRun = false) => {
    const run = await runs.create({
      id: randomUUID(),
      tenantId: slice.tenantId,
      trigger: 'api',
      dryRun,
      forced: false,
      scope: { usernames: users.map((u) => u.username) },
      requestedBy: 'test',
    });
    const actions = users.map((u, seq): PlannedAction => ({
      id: randomUUID(),
      seq,
      magnusUserId: u.id,
      username: u.username,
      company: 'Fibra Sul',
      contractId: u.dist.trim(),
      action: 'block',
      from: 'active',
      to: 'blocked',
      fromValue: 1,
      toValue: 4,
      reason: 'contract_blocked',
      detail: 'status_internet CA',
      outcome: 'pending',
    }));
    await slice.db.transaction((tx) =>
      runs.savePlan(tx, run, actions, {
        status: 'running',
        heldReason: null,
        error: null,
        pending: actions.length,
      }),
    );
    return { run, ids: actions.map((a) => a.id) };
  };
  const requests = (ids: string[], overrides: Partial<ApplyRequest> = {}): ApplyRequest[] =>
    ids.map((actionId) => ({
      tenantId: slice.tenantId,
      actionId,
      dryRun: false,
      lastAttempt: false,
      ...overrides,
    }));
  const apply = (
    ids: string[],
    overrides: Partial<ApplyRequest> = {},
    applier = slice.get(ApplyActionsHandler),
  ) => slice.db.transaction((tx) => applier.execute(new ApplyActionsCommand(requests(ids, overrides), tx)));
  const outcomes = async (run: EnforcementRun) => {
    const { items } = await runs.actions(slice.tenantId, run.id, {
      includeNoChange: true,
      limit: 100,
      offset: 0,
    });
    return items.map((a: EnforcementActionRecord) => ({ outcome: a.outcome, error: a.error }));
  };
  const runOf = async (run: EnforcementRun) => (await runs.get(slice.tenantId, run.id))!;

  it('reads every line of a batch in one request, then writes only the ones still as planned', async () => {
    const users = take(5);
    const [asPlanned1, asPlanned2, blockedMeanwhile, changedMeanwhile, gone] = users as [
      MagnusUser,
      MagnusUser,
      MagnusUser,
      MagnusUser,
      MagnusUser,
    ];
    for (const u of users) await slice.setActive(u.id, 1);
    const { run, ids } = await planBlocks(users);
    await slice.setActive(blockedMeanwhile.id, 4); // someone else already blocked it
    await slice.setActive(changedMeanwhile.id, 3); // changed since planning
    await slice.magnus.modify({ action: 'removeUser', id: gone.id });
    const [reads, saves] = [await slice.magnusRequests('user/read'), await slice.magnusRequests('user/save')];

    await apply(ids);

    expect(await slice.magnusRequests('user/read')).toBe(reads + 1);
    expect(await slice.magnusRequests('user/save')).toBe(saves + 2);
    expect((await slice.user(asPlanned1.id)).active).toBe(4);
    expect((await slice.user(asPlanned2.id)).active).toBe(4);
    expect((await slice.user(changedMeanwhile.id)).active).toBe(3);
    expect(await outcomes(run)).toEqual([
      { outcome: 'applied', error: null },
      { outcome: 'applied', error: null },
      { outcome: 'already_applied', error: null },
      { outcome: 'skipped', error: 'line changed since planning: active is 3, planned from 1' },
      { outcome: 'failed', error: `Magnus user ${gone.id} no longer exists` },
    ]);
    // Some went through, one failed: not a green "completed".
    expect(await runOf(run)).toMatchObject({
      status: 'completed_with_errors',
      planned: 5,
      pending: 0,
      applied: 3,
      failed: 1,
      skipped: 1,
      simulated: 0,
    });
  });

  it('two batches of one run settling at once both count: the run completes', async () => {
    const users = take(4);
    for (const u of users) await slice.setActive(u.id, 1);
    const { run, ids } = await planBlocks(users);
    // Two consumers, each with half of the run's messages, reach the run's figures at the same moment.
    const lock = slice.db.createQueryRunner();
    await lock.startTransaction();
    await lock.query(`SELECT 1 FROM telephony_enforcement.runs WHERE id = $1 FOR UPDATE`, [run.id]);
    const both = Promise.all([apply(ids.slice(0, 2), {}, another()), apply(ids.slice(2), {}, another())]);
    await eventually(
      async () => {
        const [row] = (await slice.db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )) as Array<{ n: number }>;
        return row!.n === 2;
      },
      { description: 'both batches waiting for the run' },
    );
    await lock.commitTransaction();
    await lock.release();
    await both;
    expect(await runOf(run)).toMatchObject({ status: 'completed', pending: 0, applied: 4 });
  });

  it('a batch retried after a rollback does not write again what it wrote, and calls it applied', async () => {
    const [u] = take(1) as [MagnusUser];
    await slice.setActive(u.id, 1);
    const { run, ids } = await planBlocks([u]);
    const saves = await slice.magnusRequests('user/save');
    const applier = another();
    await expect(
      slice.db.transaction(async (tx) => {
        await applier.execute(new ApplyActionsCommand(requests(ids), tx));
        throw new Error('the batch failed after the Magnus write');
      }),
    ).rejects.toThrow('after the Magnus write');
    await apply(ids, {}, applier);
    expect(await slice.magnusRequests('user/save')).toBe(saves + 1);
    expect(await outcomes(run)).toEqual([{ outcome: 'applied', error: null }]);
    expect((await runOf(run)).status).toBe('completed');
  });

  it('a dry run stops before the write and never reports anything as applied', async () => {
    const [toBlock, alreadyThere] = take(2) as [MagnusUser, MagnusUser];
    await slice.setActive(toBlock.id, 1);
    await slice.setActive(alreadyThere.id, 1);
    const { run, ids } = await planBlocks([toBlock, alreadyThere], true);
    await slice.setActive(alreadyThere.id, 4); // at the target value by the time it is applied
    const saves = await slice.magnusRequests('user/save');

    await apply(ids, { dryRun: true });

    expect(await slice.magnusRequests('user/save')).toBe(saves);
    expect((await slice.user(toBlock.id)).active).toBe(1);
    expect(await outcomes(run)).toEqual([
      { outcome: 'dry_run', error: null },
      { outcome: 'skipped', error: 'Magnus already holds the target value' },
    ]);
    expect(await runOf(run)).toMatchObject({
      status: 'completed',
      applied: 0,
      simulated: 1,
      skipped: 1,
      failed: 0,
    });
  });

  it('a transient read failure fails the batch for a retry; on the last attempt each action fails', async () => {
    const users = take(2);
    for (const u of users) await slice.setActive(u.id, 1);
    const { run, ids } = await planBlocks(users);
    await slice.magnus.setFaults({
      pathPattern: 'user/read',
      error: { status: 503, body: 'Service Unavailable' },
    });
    const saves = await slice.magnusRequests('user/save');

    await expect(apply(ids)).rejects.toMatchObject({ transient: true });
    expect(await outcomes(run)).toEqual([
      { outcome: 'pending', error: null },
      { outcome: 'pending', error: null },
    ]);

    await apply(ids, { lastAttempt: true });
    const settled = await outcomes(run);
    expect(settled.map((a) => a.outcome)).toEqual(['failed', 'failed']);
    expect(settled[0]!.error).toMatch(/503/);
    expect(await slice.magnusRequests('user/save')).toBe(saves);
    // Nothing went through: the run failed, it did not complete.
    expect(await runOf(run)).toMatchObject({ status: 'failed', applied: 0, failed: 2 });
  });

  it('a permanent read failure fails the actions at once, and the run with them', async () => {
    const [u] = take(1) as [MagnusUser];
    await slice.setActive(u.id, 1);
    const { run, ids } = await planBlocks([u]);
    await slice.magnus.setFaults({
      pathPattern: 'user/read',
      error: { status: 200, body: 'invalid API access', contentType: 'text/html; charset=UTF-8' },
    });
    await apply(ids);
    const [settled] = await outcomes(run);
    expect(settled).toMatchObject({ outcome: 'failed' });
    expect(settled!.error).toMatch(/invalid API access/);
    expect(await runOf(run)).toMatchObject({
      status: 'failed',
      applied: 0,
      failed: 1,
      error: 'none of the planned changes went through: every action failed',
    });
  });

  it('leaves settled actions alone and reads nothing for them', async () => {
    const [u] = take(1) as [MagnusUser];
    await slice.setActive(u.id, 1);
    const { ids } = await planBlocks([u]);
    await apply(ids);
    const reads = await slice.magnusRequests('user/read');
    await apply([...ids, randomUUID()]);
    expect(await slice.magnusRequests('user/read')).toBe(reads);
  });
});

import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { EnforcementSlice } from '../../../../../test/support/enforcement-slice';
import { EnforcementPausedError } from '../../telephony-enforcement.errors';
import { GetPauseStateQuery } from '../get-pause-state/get-pause-state.query';
import { ResumeEnforcementCommand } from '../resume-enforcement/resume-enforcement.command';
import { PauseEnforcementCommand } from './pause-enforcement.command';

/** Pause and resume through the buses, on real Postgres with the demo simulators. */
describe('pause and resume enforcement', () => {
  let slice: EnforcementSlice;

  beforeAll(async () => {
    slice = await EnforcementSlice.start();
    // A full run first, as in production: the fast path's runs are weighed against its count.
    const first = await slice.plan({ trigger: 'schedule', dryRun: true });
    await slice.applyPending(first.id, { dryRun: true });
  });
  afterAll(() => slice?.close());

  const commands = () => slice.get(CommandBus);
  const pauseState = () => slice.get(QueryBus).execute(new GetPauseStateQuery(slice.tenantId));
  const queued = async () => {
    const [row] = (await slice.db.query(
      `SELECT count(*)::int AS n FROM telephony_enforcement.contract_rechecks WHERE tenant_id = $1`,
      [slice.tenantId],
    )) as Array<{ n: number }>;
    return row!.n;
  };

  it('a paused tenant refuses real runs, still plans dry ones, and keeps its rechecks until resumed', async () => {
    const paused = await commands().execute(new PauseEnforcementCommand(slice.tenantId, 'user:ops'));
    expect(paused).toMatchObject({ paused: true, pausedBy: 'user:ops', killSwitch: false });
    expect(paused.pausedAt).not.toBeNull();
    expect(await pauseState()).toEqual(paused);

    await expect(slice.plan({ trigger: 'api', dryRun: false })).rejects.toBeInstanceOf(
      EnforcementPausedError,
    );
    expect((await slice.plan({ trigger: 'api', dryRun: true })).status).not.toBe('failed');

    const [u] = await slice.soleContractUsers();
    await slice.contractChanged(u!.dist.trim());
    expect(await slice.recheck()).toBe(0);
    expect(await queued()).toBe(1);

    const resumed = await commands().execute(new ResumeEnforcementCommand(slice.tenantId, 'user:ops'));
    expect(resumed).toEqual({ paused: false, pausedAt: null, pausedBy: null, killSwitch: false });
    expect(await slice.recheck()).toBe(1);
    expect(await queued()).toBe(0);
  });
});

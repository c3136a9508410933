import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ForbiddenError } from '../../../../platform/access/access.errors';
import { EnforcementSlice, type MagnusUser } from '../../../../../test/support/enforcement-slice';
import { EnforcementRunFinishedEvent, type RunFinishedPayload } from '../../contracts/enforcement-events';
import { DiscordReports } from '../../infrastructure/discord/discord-reports';
import { StartEnforcementRunCommand } from './start-enforcement-run.command';

/**
 * A reconcile run from plan to report, on real Postgres with the IXC, MagnusBilling and Discord
 * simulators: the run, its finished event, its metrics and its Discord summary say what happened.
 */
describe('reconcile: runs and their reports tell the truth', () => {
  let slice: EnforcementSlice;
  let fresh: MagnusUser[];

  beforeAll(async () => {
    slice = await EnforcementSlice.start();
    const first = await slice.plan({ trigger: 'schedule', dryRun: true });
    await slice.applyPending(first.id, { dryRun: true });
    fresh = await slice.soleContractUsers();
  });
  afterAll(() => slice?.close());
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await slice.magnus.clearFaults();
  });

  const take = (n: number) => fresh.splice(0, n);
  const finishedEvent = async (runId: string): Promise<RunFinishedPayload> => {
    const [row] = (await slice.db.query(
      `SELECT payload FROM messaging.outbox WHERE routing_key = $1 AND payload->>'runId' = $2`,
      [EnforcementRunFinishedEvent.ROUTING_KEY, runId],
    )) as Array<{ payload: RunFinishedPayload }>;
    return row!.payload;
  };
  /** The Discord consumer's work for this run's finished event; returns the summary line posted. */
  const reported = async (payload: RunFinishedPayload): Promise<string> => {
    await slice.discord.modify({ action: 'clearMessages' });
    await slice.db.transaction((tx) =>
      slice.get(DiscordReports).report([{ kind: 'run', tenantId: slice.tenantId, payload }], tx),
    );
    const [summary, ...more] = await slice.discordMessages();
    expect(more).toHaveLength(0);
    return summary!.content;
  };
  const runsCounter = async (outcome: string, dryRun: boolean): Promise<number> => {
    const text = await (await fetch(`${slice.t.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('regua_enforcement_runs_total{') &&
          l.includes(`outcome="${outcome}"`) &&
          l.includes('trigger="api"') &&
          l.includes(`dry_run="${dryRun}"`),
      );
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  it('a run whose every Magnus write is refused ends failed, and says so everywhere', async () => {
    const [u] = take(1) as [MagnusUser];
    await slice.line(u, 4, { status: 'A', status_internet: 'A' });
    await slice.magnus.setFaults({
      pathPattern: 'user/save',
      error: { status: 200, body: 'invalid API action', contentType: 'text/html; charset=UTF-8' },
    });
    const failedBefore = await runsCounter('failed', false);

    const planned = await slice.plan({
      trigger: 'api',
      dryRun: false,
      usernames: [u.username],
    });
    await slice.applyPending(planned.id);

    expect((await slice.user(u.id)).active).toBe(4);
    const event = await finishedEvent(planned.id);
    expect(event).toMatchObject({ status: 'failed', planned: 1, applied: 0, failed: 1, skipped: 0 });
    expect(await runsCounter('failed', false)).toBe(failedBefore + 1);
    expect(await reported(event)).toBe(
      'Execução de bloqueio VoIP falhou: 1 desbloqueio (0 aplicadas, 1 falha)',
    );
  });

  it('refuses a real or forced run asked by an operator; an operator may still dry-run', async () => {
    const before = await slice.db.query(`SELECT count(*)::int AS n FROM telephony_enforcement.runs`);
    for (const request of [{ dryRun: false }, { dryRun: true, force: true }]) {
      const command = new StartEnforcementRunCommand(
        slice.tenantId,
        { trigger: 'api', actorRole: 'operator', ...request },
        true,
      );
      await expect(slice.get(CommandBus).execute(command)).rejects.toBeInstanceOf(ForbiddenError);
    }
    const after = await slice.db.query(`SELECT count(*)::int AS n FROM telephony_enforcement.runs`);
    expect(after).toEqual(before);
    const dry = await slice.plan({
      trigger: 'api',
      dryRun: true,
      actorRole: 'operator',
      usernames: ['none'],
    });
    expect(dry).toMatchObject({ dryRun: true, tenantId: slice.tenantId });
  });

  it('a dry run reports what it would do and that nothing was applied', async () => {
    const [toBlock, inStep] = take(2) as [MagnusUser, MagnusUser];
    await slice.line(toBlock, 1, { status: 'A', status_internet: 'CA' });
    await slice.line(inStep, 1, { status: 'A', status_internet: 'A' });

    const planned = await slice.plan({
      trigger: 'api',
      dryRun: true,
      usernames: [toBlock.username, inStep.username],
    });
    await slice.applyPending(planned.id, { dryRun: true });

    expect((await slice.user(toBlock.id)).active).toBe(1);
    const event = await finishedEvent(planned.id);
    expect(event).toMatchObject({ status: 'completed', dryRun: true, planned: 1, applied: 0, simulated: 1 });
    expect(await reported(event)).toBe(
      '**[SIMULAÇÃO]** Execução de bloqueio VoIP concluída: 1 bloqueio (1 simulada, nada aplicado)',
    );
  });

  it('a run that applies everything completes and counts what it applied', async () => {
    const users = take(2);
    for (const u of users) await slice.line(u, 1, { status: 'A', status_internet: 'CA' });
    const planned = await slice.plan({
      trigger: 'api',
      dryRun: false,
      usernames: users.map((u) => u.username),
    });
    await slice.applyPending(planned.id);
    const event = await finishedEvent(planned.id);
    expect(event).toMatchObject({ status: 'completed', planned: 2, applied: 2, failed: 0, simulated: 0 });
    expect(await reported(event)).toBe('Execução de bloqueio VoIP concluída: 2 bloqueios (2 aplicadas)');
  });
});

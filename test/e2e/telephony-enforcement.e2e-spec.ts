import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { ApplyActionsCommand } from '../../src/contexts/telephony-enforcement/application/apply-actions/apply-actions.command';
import { ApplyActionsHandler } from '../../src/contexts/telephony-enforcement/application/apply-actions/apply-actions.handler';
import { EnforcementMetrics } from '../../src/contexts/telephony-enforcement/application/enforcement-metrics';
import { EnforcementState } from '../../src/contexts/telephony-enforcement/application/enforcement-state';
import { MagnusLines } from '../../src/contexts/telephony-enforcement/application/ports/magnus-lines';
import { EnforcementRunRepository } from '../../src/contexts/telephony-enforcement/application/ports/enforcement-run.repository';
import { Outbox } from '../../src/platform/messaging/outbox';
import { RabbitMqTransport } from '../../src/platform/messaging/transports/rabbitmq.transport';
import { MessageTransport } from '../../src/platform/messaging/transports/message-transport';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import { SimulatorControl, type DiscordData, type MagnusData } from '../../src/simulators';
import { enforceCommand } from '../../src/cli/enforce.command';
import { call, createApiKey, tenantAdmin } from '../support/access-client';
import { BrokerNamespace } from '../support/broker';
import { eventually } from '../support/eventually';
import { startTestApp, type TestApp } from '../support/test-app';

interface Run {
  id: string;
  status: string;
  dryRun: boolean;
  trigger: string;
  accounts: number;
  counts: Record<string, number>;
  applied: number;
  failed: number;
  heldReason: string | null;
  error: string | null;
  actions: { items: Action[]; total: number };
}
interface Action {
  username: string;
  contract: string | null;
  action: string;
  from: string;
  to: string;
  toValue: number | null;
  reason: string;
  outcome: string;
  error: string | null;
  reportedAt: string | null;
}
type MagnusUser = NonNullable<MagnusData['userList']>[number] & {
  id: number;
  username: string;
  dist: string;
};

const NEVER = '0 0 1 1 *';

/** Demo mode, real Postgres and RabbitMQ: the app against its IXC, MagnusBilling and Discord simulators. */
describe('telephony enforcement (demo mode, RabbitMQ)', () => {
  const broker = new BrokerNamespace();
  let t: TestApp;
  let admin: { token: string; tenantId: string };
  let magnus: SimulatorControl;
  let ixc: SimulatorControl;
  let discord: SimulatorControl;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        REGUA_MODE: 'demo',
        AMQP_URL: broker.url,
        AMQP_NAMESPACE: broker.prefix,
        ENFORCEMENT_CRON: NEVER,
        // Scheduled IXC syncs would turn the contract changes the tests make into fast-path runs at
        // unpredictable moments; the fast-path test syncs on purpose.
        IXC_INCREMENTAL_CRON: NEVER,
        IXC_FULL_CRON: NEVER,
        IXC_AUTOMATION_CRON: NEVER,
        OUTBOX_POLL_INTERVAL_MS: '50',
      },
    });
    const demo = t.app.get(DemoEnvironment);
    magnus = new SimulatorControl(demo.controlUrlOf('magnus'));
    ixc = new SimulatorControl(demo.controlUrlOf('ixc'));
    discord = new SimulatorControl(demo.controlUrlOf('discord'));
    admin = await tenantAdmin(t, 'demo');
  });
  afterAll(async () => {
    const transport = t?.app.get(MessageTransport);
    if (transport instanceof RabbitMqTransport) broker.track(transport.declaredNames());
    await t?.close();
    await broker.cleanup();
  });

  const api = <T>(method: string, path: string, body?: unknown) =>
    call<T>(t.url, method, path, { token: admin.token, body });
  const runOf = async (id: string, query = 'includeNoChange=true&limit=100') =>
    (await api<Run>('GET', `/api/v1/enforcement/runs/${id}?${query}`)).body;
  const finished = (id: string, timeoutMs = 30_000) =>
    eventually(
      async () => {
        const run = await runOf(id);
        return run.status !== 'running' && run;
      },
      { timeoutMs, description: `run ${id} to finish` },
    );
  /** Starts a run; 409 while another run plans (a fast-path recheck may be one): try again. */
  const accepted = async (body: Record<string, unknown>) => {
    const res = await eventually(
      async () => {
        const reply = await api<{ id: string }>('POST', '/api/v1/enforcement/runs', body);
        return reply.status !== 409 && reply;
      },
      { timeoutMs: 15_000, intervalMs: 200, description: 'the run to be accepted' },
    );
    expect(res.status).toBe(202);
    return res.body.id;
  };
  const startRun = async (body: Record<string, unknown>) => finished(await accepted(body));
  const users = async () => ((await magnus.data<MagnusData>()).userList ?? []) as MagnusUser[];
  const user = async (id: number) => (await users()).find((u) => u.id === id)!;
  const saves = async () => (await magnus.data<MagnusData>()).requestCounts['user/save'] ?? 0;
  const setActive = (id: number, active: number) =>
    magnus.modify({ action: 'setUser', id, fields: { active } });
  const setContract = (id: string, fields: Record<string, unknown>) =>
    ixc.modify({ action: 'setContractStatus', id: Number(id), ...fields });
  const messages = async () => (await discord.data<DiscordData>()).webhooks[0]!.messages;
  const embedsFor = async (username: string) =>
    (await messages()).flatMap((m) => m.embeds).filter((e) => JSON.stringify(e).includes(username));
  const settings = (body: Record<string, unknown>) => api('PUT', '/api/v1/enforcement/settings', body);

  /** Users whose contract reference is theirs alone and known to IXC (demo IXC: contracts 1..360). */
  const soleContractUsers = async (): Promise<MagnusUser[]> => {
    const all = await users();
    const refs = new Map<string, number>();
    for (const u of all) refs.set(u.dist.trim(), (refs.get(u.dist.trim()) ?? 0) + 1);
    return all.filter(
      (u) => /^\d+$/.test(u.dist.trim()) && Number(u.dist) <= 360 && refs.get(u.dist.trim()) === 1,
    );
  };

  it('a fresh demo tenant gets a dry run first: the plan is visible, Magnus is not written', async () => {
    const first = await eventually(
      async () => {
        const list = await api<{ items: Run[] }>('GET', '/api/v1/enforcement/runs');
        const run = list.body.items.at(-1);
        return run && run.status !== 'running' && run;
      },
      { timeoutMs: 30_000, description: 'the first dry run' },
    );
    expect(first).toMatchObject({ dryRun: true, trigger: 'schedule', status: 'completed' });
    expect(first.accounts).toBeGreaterThan(50);
    const detail = await runOf(first.id, 'limit=100');
    expect(detail.actions.items.every((a) => a.action !== 'no_change')).toBe(true);
    expect(
      detail.actions.items.every((a) => ['dry_run', 'already_applied', 'skipped'].includes(a.outcome)),
    ).toBe(true);
    expect(await saves()).toBe(0);
    await eventually(
      async () =>
        (await messages()).some(
          (m) => m.content.includes('SIMULAÇÃO') || JSON.stringify(m.embeds).includes('SIMULAÇÃO'),
        ),
      { timeoutMs: 20_000, description: 'the dry-run report on Discord' },
    );
  });

  it('applies each kind of action, respects nao_bloquear_ate and the allow-list, reports only what happened', async () => {
    await discord.modify({ action: 'clearMessages' });
    const [u1, u2, u3, u4, u5, u6, u7] = (await soleContractUsers()).slice(0, 7) as MagnusUser[];
    const c = (u: MagnusUser) => u.dist.trim();
    const future = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await Promise.all([
      setActive(u1!.id, 1).then(() => setContract(c(u1!), { status: 'A', status_internet: 'CA' })),
      setActive(u2!.id, 4).then(() => setContract(c(u2!), { status: 'A', status_internet: 'A' })),
      setActive(u3!.id, 1).then(() => setContract(c(u3!), { status: 'D', status_internet: 'D' })),
      setActive(u4!.id, 0).then(() => setContract(c(u4!), { status: 'A', status_internet: 'A' })),
      setActive(u5!.id, 1).then(() =>
        setContract(c(u5!), {
          status: 'A',
          status_internet: 'CA',
          nao_bloquear_ate: future,
          desbloqueio_confianca_ativo: 'N',
        }),
      ),
      setActive(u6!.id, 1).then(() => setContract(c(u6!), { status: 'A', status_internet: 'CA' })),
      setActive(u7!.id, 3).then(() => setContract(c(u7!), { status: 'A', status_internet: 'FA' })),
    ]);
    for (const u of [u1, u2, u3, u4, u6, u7]) {
      await setContract(c(u!), { desbloqueio_confianca_ativo: 'N', nao_bloquear_ate: null });
    }
    await setContract(c(u5!), { nao_bloquear_ate: future });
    expect((await settings({ allowList: [u6!.username] })).status).toBe(200);

    const run = await startRun({
      dryRun: false,
      usernames: [u1, u2, u3, u4, u5, u6, u7].map((u) => u!.username),
    });
    expect(run.status).toBe('completed');
    const byUser = new Map(run.actions.items.map((a) => [a.username, a]));
    expect(byUser.get(u1!.username)).toMatchObject({ action: 'block', toValue: 4, outcome: 'applied' });
    expect(byUser.get(u2!.username)).toMatchObject({ action: 'unblock', toValue: 1, outcome: 'applied' });
    expect(byUser.get(u3!.username)).toMatchObject({ action: 'disable', toValue: 0, outcome: 'applied' });
    expect(byUser.get(u4!.username)).toMatchObject({ action: 'enable', toValue: 1, outcome: 'applied' });
    expect(byUser.get(u5!.username)).toMatchObject({ action: 'no_change', reason: 'do_not_block_until' });
    expect(byUser.get(u6!.username)).toMatchObject({ action: 'no_change', reason: 'allow_listed' });
    expect(byUser.get(u7!.username)).toMatchObject({ action: 'no_change', reason: 'in_step' });
    expect((await user(u1!.id)).active).toBe(4);
    expect((await user(u2!.id)).active).toBe(1);
    expect((await user(u3!.id)).active).toBe(0);
    expect((await user(u4!.id)).active).toBe(1);
    expect((await user(u5!.id)).active).toBe(1);
    expect((await user(u6!.id)).active).toBe(1);

    // Action reports travel in consumer batches, then the run summary comes after them: wait for all.
    const everyone = [u1, u2, u3, u4, u5, u6, u7].map((u) => u!.username);
    const summaryArrived = async () =>
      (await messages())
        .flatMap((m) => m.embeds)
        .some((e) => {
          const text = JSON.stringify(e);
          return text.includes(run.id) && !everyone.some((name) => text.includes(name));
        });
    await eventually(
      async () =>
        (await summaryArrived()) &&
        (await Promise.all([u1, u2, u3, u4].map((u) => embedsFor(u!.username)))).every((e) => e.length > 0),
      { timeoutMs: 20_000, description: 'the Discord report: four actions and the run summary' },
    );
    for (const u of [u1, u2, u3, u4]) expect(await embedsFor(u!.username)).toHaveLength(1);
    for (const u of [u5, u6, u7]) expect(await embedsFor(u!.username)).toHaveLength(0);
    // Without the default list, NoChange is left out.
    const actionable = await runOf(run.id, 'limit=100');
    expect(actionable.actions.total).toBe(4);
    await settings({ allowList: [] });
  });

  it('a write Magnus refuses is recorded as failed and never reported as done', async () => {
    await discord.modify({ action: 'clearMessages' });
    const [u] = (await soleContractUsers()).slice(10, 11) as MagnusUser[];
    await setActive(u!.id, 4);
    await setContract(u!.dist.trim(), {
      status: 'A',
      status_internet: 'A',
      desbloqueio_confianca_ativo: 'N',
    });
    await magnus.setFaults({
      pathPattern: 'user/save',
      error: { status: 200, body: 'invalid API action', contentType: 'text/html; charset=UTF-8' },
    });
    try {
      const run = await startRun({ dryRun: false, usernames: [u!.username] });
      // Nothing went through: the run failed, it did not complete.
      expect(run).toMatchObject({ status: 'failed', failed: 1, applied: 0 });
      expect(run.actions.items[0]).toMatchObject({ action: 'unblock', outcome: 'failed' });
      expect((await user(u!.id)).active).toBe(4);
      const embeds = await eventually(
        async () => {
          const found = await embedsFor(u!.username);
          return found.length > 0 && found;
        },
        { timeoutMs: 20_000, description: 'the failure report' },
      );
      expect(embeds).toHaveLength(1);
      expect(JSON.stringify(embeds[0])).toContain('FALHOU');
    } finally {
      await magnus.clearFaults();
    }
  });

  it('the safety breaker holds a run that would block too many lines, and only force applies it', async () => {
    const picked = (await soleContractUsers()).slice(20, 26);
    for (const u of picked) {
      await setActive(u.id, 1);
      await setContract(u.dist.trim(), {
        status: 'A',
        status_internet: 'CA',
        desbloqueio_confianca_ativo: 'N',
        nao_bloquear_ate: null,
      });
    }
    await settings({ breaker: { maxShare: 1, maxCount: 3 } });
    const before = await saves();
    const held = await startRun({ dryRun: false, usernames: picked.map((u) => u.username) });
    expect(held.status).toBe('held');
    expect(held.heldReason).toMatch(/exceed the limit of 3/);
    expect(held.actions.items.filter((a) => a.action === 'block').every((a) => a.outcome === 'held')).toBe(
      true,
    );
    expect(await saves()).toBe(before);
    expect((await user(picked[0]!.id)).active).toBe(1);

    // Only an admin may force.
    const forced = await startRun({ dryRun: false, force: true, usernames: picked.map((u) => u.username) });
    expect(forced.status).toBe('completed');
    for (const u of picked) expect((await user(u.id)).active).toBe(4);
    await settings({ breaker: { maxShare: 0.1, maxCount: 1000 } });
  });

  it('unknown is never bad: with IXC down nothing is touched; with IXC failing 30% only verified contracts are acted on', async () => {
    const all = await soleContractUsers();
    // Make sure there is work to do: some active lines whose contracts are blocked.
    for (const u of all.slice(30, 34)) {
      await setActive(u.id, 1);
      await setContract(u.dist.trim(), {
        status: 'A',
        status_internet: 'CA',
        desbloqueio_confianca_ativo: 'N',
        nao_bloquear_ate: null,
      });
    }
    await settings({ breaker: { maxShare: 1, maxCount: 10_000 } });
    await ixc.setFaults({ errorRate: 1, pathPattern: 'webservice' });
    const before = await saves();
    const down = await startRun({ dryRun: false });
    expect(down.status).toBe('completed');
    expect(down.counts.no_change).toBe(down.accounts);
    expect(down.error).toMatch(/could not be read from IXC/);
    expect(await saves()).toBe(before);

    await ixc.setFaults({ errorRate: 0.3, pathPattern: 'webservice' });
    const flaky = await startRun({ dryRun: false });
    await ixc.clearFaults();
    expect(flaky.status).toBe('completed');
    const detail = await runOf(flaky.id, 'includeNoChange=true&limit=100');
    const all2 = [...detail.actions.items];
    for (let offset = 100; offset < detail.actions.total; offset += 100) {
      all2.push(...(await runOf(flaky.id, `includeNoChange=true&limit=100&offset=${offset}`)).actions.items);
    }
    for (const a of all2.filter(
      (x) => x.reason === 'contract_unavailable' || x.reason === 'contract_not_found',
    )) {
      expect(a.action).toBe('no_change');
    }
    // Every restriction that happened is backed by what IXC really says.
    for (const a of all2.filter((x) => x.action === 'block' || x.action === 'disable')) {
      const row = (await ixc.modify({
        action: 'getRow',
        table: 'cliente_contrato',
        id: Number(a.contract),
      })) as {
        status: string;
        status_internet: string;
      };
      const blocked =
        ['CA', 'CM', 'FA', 'AA', 'D'].includes(row.status_internet) || ['N', 'I', 'D'].includes(row.status);
      expect(blocked).toBe(true);
    }
    // The blocks these full runs applied stay in the breaker's window (an hour) and add up to more than 10% of
    // the demo base: the tests after this one are not about the breaker, so its share stays open.
    await settings({ breaker: { maxShare: 1, maxCount: 1000 } });
  });

  it('fast path: a contract status change mirrored from IXC re-evaluates its line within seconds', async () => {
    await eventually(
      async () => {
        const list = await api<{ items: Array<{ status: string }> }>('GET', '/api/v1/ixc/sync/runs');
        return list.body.items.some((r) => r.status === 'completed');
      },
      { timeoutMs: 60_000, description: 'the first IXC mirror' },
    );
    const [u] = (await soleContractUsers()).slice(40, 41) as MagnusUser[];
    await setContract(u!.dist.trim(), {
      status: 'A',
      status_internet: 'A',
      desbloqueio_confianca_ativo: 'N',
      nao_bloquear_ate: null,
    });
    await setActive(u!.id, 1);
    const sync = async () => {
      const res = await api<{ id: string }>('POST', '/api/v1/ixc/sync', {
        mode: 'full',
        resources: ['cliente_contrato'],
      });
      expect(res.status).toBe(202);
      await eventually(
        async () =>
          (await api<{ status: string }>('GET', `/api/v1/ixc/sync/runs/${res.body.id}`)).body.status !==
          'running',
        { timeoutMs: 60_000, description: 'the IXC sync' },
      );
    };
    await sync(); // the mirror knows the contract as active
    await setContract(u!.dist.trim(), { status_internet: 'CA' });
    await sync(); // → ContractStatusChanged → recheck
    await eventually(async () => (await user(u!.id)).active === 4, {
      timeoutMs: 15_000,
      description: 'the line to be blocked by the fast path',
    });
    const list = await api<{ items: Run[] }>('GET', '/api/v1/enforcement/runs?limit=5');
    expect(list.body.items.some((r) => r.trigger === 'event')).toBe(true);
  });

  it('re-applying after a crash between the Magnus write and the commit writes nothing twice', async () => {
    const [u] = (await soleContractUsers()).slice(50, 51) as MagnusUser[];
    await setActive(u!.id, 1);
    const runs = t.app.get(EnforcementRunRepository);
    const dataSource = t.app.get(DataSource);
    const run = await runs.create({
      id: randomUUID(),
      tenantId: admin.tenantId,
      trigger: 'api',
      dryRun: false,
      forced: false,
      scope: { usernames: [u!.username] },
      requestedBy: 'test',
    });
    const actionId = randomUUID();
    await dataSource.transaction((tx) =>
      runs.savePlan(
        tx,
        run,
        [
          {
            id: actionId,
            seq: 0,
            magnusUserId: u!.id,
            username: u!.username,
            company: 'x',
            contractId: u!.dist.trim(),
            action: 'block',
            from: 'active',
            to: 'blocked',
            fromValue: 1,
            toValue: 4,
            reason: 'contract_blocked',
            detail: 'test',
            outcome: 'pending',
          },
        ],
        { status: 'running', heldReason: null, error: null, pending: 1 },
      ),
    );
    const fresh = () =>
      new ApplyActionsHandler(
        t.app.get(MagnusLines),
        runs,
        t.app.get(EnforcementState),
        t.app.get(Outbox),
        t.app.get(EnforcementMetrics),
      );
    const request = { tenantId: admin.tenantId, actionId, dryRun: false, lastAttempt: false };
    const before = await saves();
    // The first process writes Magnus, then dies before its transaction commits.
    await expect(
      dataSource.transaction(async (tx) => {
        await fresh().execute(new ApplyActionsCommand([request], tx));
        throw new Error('process killed before commit');
      }),
    ).rejects.toThrow('process killed');
    expect(await saves()).toBe(before + 1);
    expect((await user(u!.id)).active).toBe(4);
    // The redelivery (another process) finds the line already blocked and does not write again.
    await dataSource.transaction((tx) => fresh().execute(new ApplyActionsCommand([request], tx)));
    expect(await saves()).toBe(before + 1);
    const after = await runOf(run.id);
    expect(after.status).toBe('completed');
    expect(after.actions.items[0]).toMatchObject({ outcome: 'already_applied' });
  });

  it('batches embeds within Discord limits and rides out its rate limit without losing a report', async () => {
    await discord.modify({ action: 'clearMessages' });
    await discord.modify({ action: 'setRateLimit', limit: 1, windowMs: 1500 });
    const picked = (await soleContractUsers()).slice(60, 85);
    for (const u of picked) {
      await setActive(u.id, 4);
      await setContract(u.dist.trim(), {
        status: 'A',
        status_internet: 'A',
        desbloqueio_confianca_ativo: 'N',
      });
    }
    const run = await startRun({ dryRun: false, usernames: picked.map((u) => u.username) });
    expect(run.counts.unblock).toBe(25);
    try {
      await eventually(
        async () => {
          const embeds = (await messages()).flatMap((m) => m.embeds);
          return picked.every((u) => embeds.some((e) => JSON.stringify(e).includes(u.username)));
        },
        { timeoutMs: 60_000, intervalMs: 500, description: 'every unblock reported' },
      );
      const all = await messages();
      expect(all.every((m) => m.embeds.length <= 10)).toBe(true);
      for (const u of picked) expect(await embedsFor(u.username)).toHaveLength(1);
      // batched: far fewer posts than actions
      expect(all.length).toBeLessThan(15);
    } finally {
      await discord.modify({ action: 'setRateLimit', limit: 5, windowMs: 2000 });
    }
  });

  it('a run leaves alone a line another run is still changing: one write, one action', async () => {
    const [u] = (await soleContractUsers()).slice(90, 91) as MagnusUser[];
    await setActive(u!.id, 4);
    await setContract(u!.dist.trim(), {
      status: 'A',
      status_internet: 'A',
      desbloqueio_confianca_ativo: 'N',
    });
    const before = await saves();
    // Magnus slow to answer the write: the first run's action stays in flight for a while.
    await magnus.setFaults({ pathPattern: 'user/save', latencyMs: 3000 });
    try {
      const firstId = await accepted({ dryRun: false, usernames: [u!.username] });
      await eventually(
        async () => {
          const run = await runOf(firstId);
          return run.actions.items.some((a) => a.outcome === 'pending') && run;
        },
        { timeoutMs: 15_000, description: 'the first run applying' },
      );
      const second = await startRun({ dryRun: false, usernames: [u!.username] });
      expect(second.status).toBe('completed');
      expect(second.actions.items[0]).toMatchObject({ action: 'no_change', reason: 'action_in_flight' });
      const done = await finished(firstId);
      expect(done.actions.items[0]).toMatchObject({ action: 'unblock', outcome: 'applied' });
    } finally {
      await magnus.clearFaults();
    }
    expect(await saves()).toBe(before + 1);
    expect((await user(u!.id)).active).toBe(1);
  });

  it('pause refuses real runs (dry runs still work) until resumed; bad input changes nothing', async () => {
    expect((await api('POST', '/api/v1/enforcement/pause')).status).toBe(200);
    const refused = await api<{ code: string }>('POST', '/api/v1/enforcement/runs', { dryRun: false });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('TELEPHONY_ENFORCEMENT.PAUSED');
    const dry = await startRun({ dryRun: true, usernames: [(await users())[0]!.username] });
    expect(dry.dryRun).toBe(true);
    expect((await api<{ paused: boolean }>('POST', '/api/v1/enforcement/resume')).body.paused).toBe(false);

    expect((await api('POST', '/api/v1/enforcement/runs', { dryRun: 'yes' })).status).toBe(400);
    expect((await api('POST', '/api/v1/enforcement/runs', { usernames: [] })).status).toBe(400);
    expect((await api('GET', `/api/v1/enforcement/runs/${randomUUID()}`)).status).toBe(404);
    const invalid = await settings({ blockValue: 1 });
    expect(invalid.status).toBe(422);
    expect((await api<{ blockValue: number }>('GET', '/api/v1/enforcement/settings')).body.blockValue).toBe(
      4,
    );
  });
  it('regua enforce prints the plan as a table; an operator key may only dry-run', async () => {
    const [u] = (await soleContractUsers()).slice(95, 96) as MagnusUser[];
    await setActive(u!.id, 1);
    await setContract(u!.dist.trim(), {
      status: 'A',
      status_internet: 'CM',
      desbloqueio_confianca_ativo: 'N',
      nao_bloquear_ate: null,
    });
    const key = await createApiKey(t.url, admin.token, {
      name: 'ops cli',
      scopes: ['enforcement:read', 'enforcement:write'],
    });
    const lines: string[] = [];
    const options = {
      url: t.url,
      apiKey: key.secret,
      dryRun: true,
      users: [u!.username],
      force: false,
      includeNoChange: false,
      timeoutMs: 30_000,
      json: false,
    };
    const run = await enforceCommand(options, (line) => lines.push(line));
    expect(run.status).toBe('completed');
    expect(lines[0]).toContain('DRY RUN');
    expect(lines).toContainEqual(
      expect.stringMatching(/^USER\s+CONTRACT\s+ACTION\s+FROM → TO\s+REASON\s+OUTCOME$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${u!.username}\\s+${u!.dist.trim()}\\s+block\\s+active \\(1\\) → blocked \\(4\\)\\s+contract_blocked\\s+dry_run$`,
        ),
      ),
    );
    expect((await user(u!.id)).active).toBe(1);
    await expect(enforceCommand({ ...options, dryRun: false }, () => undefined)).rejects.toThrow(/403/);
  });

  it('stops posting to a webhook Discord no longer knows (10015) and raises the alert metric', async () => {
    const [webhook] = (await discord.data<DiscordData>()).webhooks;
    await discord.modify({ action: 'removeWebhook', id: webhook!.id });
    const [u] = (await soleContractUsers()).slice(90, 91) as MagnusUser[];
    await setActive(u!.id, 4);
    await setContract(u!.dist.trim(), {
      status: 'A',
      status_internet: 'A',
      desbloqueio_confianca_ativo: 'N',
    });
    const run = await startRun({ dryRun: false, usernames: [u!.username] });
    expect(run.status).toBe('completed');
    const metric = () =>
      fetch(`${t.url}/metrics`)
        .then((r) => r.text())
        .then(
          (text) => /regua_enforcement_discord_webhook_disabled_total\{[^}]*\} ([1-9]\d*)/.exec(text)?.[1],
        );
    await eventually(metric, { timeoutMs: 20_000, description: 'the webhook-disabled alert metric' });
    // The metric rises inside the consumer's transaction: the row is there once that commits.
    const disabled = await eventually(
      async () => {
        const [state] = (await t.app
          .get(DataSource)
          .query(`SELECT disabled_webhooks FROM telephony_enforcement.tenant_state WHERE tenant_id = $1`, [
            admin.tenantId,
          ])) as Array<{ disabled_webhooks: string[] }>;
        return state!.disabled_webhooks.length > 0 && state!.disabled_webhooks;
      },
      { timeoutMs: 20_000, description: 'the webhook to be recorded as disabled' },
    );
    expect(disabled).toHaveLength(1);
    // Reports already in flight (concurrent batches of earlier runs) may still reach Discord: wait until
    // the request count stops moving before counting.
    let last = -1;
    const before = await eventually(
      async () => {
        const count = (await discord.requests()).count;
        const stable = count === last;
        last = count;
        return stable && count;
      },
      { timeoutMs: 20_000, intervalMs: 750, description: 'Discord traffic to settle' },
    );
    // The next report is not even attempted: Discord sees no further request for the removed webhook.
    await setActive(u!.id, 4);
    const second = await startRun({ dryRun: false, usernames: [u!.username] });
    // The consumer handled the report (marked reported) without calling Discord.
    await eventually(async () => (await runOf(second.id)).actions.items[0]?.reportedAt, {
      timeoutMs: 20_000,
      description: 'the second report to be handled',
    });
    expect((await discord.requests()).count).toBe(before);
  });
});

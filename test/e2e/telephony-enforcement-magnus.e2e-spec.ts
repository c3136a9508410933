import { signedMagnusRequest } from '../../src/contexts/telephony-enforcement/infrastructure/magnus/magnus-signature';
import { RabbitMqTransport } from '../../src/platform/messaging/transports/rabbitmq.transport';
import { MessageTransport } from '../../src/platform/messaging/transports/message-transport';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import {
  MAGNUS_DEMO_CREDENTIALS,
  SimulatorControl,
  type DiscordData,
  type MagnusData,
} from '../../src/simulators';
import { call, tenantAdmin } from '../support/access-client';
import { BrokerNamespace } from '../support/broker';
import { eventually } from '../support/eventually';
import { startTestApp, type TestApp } from '../support/test-app';

interface Action {
  username: string;
  contract: string | null;
  action: string;
  toValue: number | null;
  reason: string;
  outcome: string;
  error: string | null;
}
interface Run {
  id: string;
  status: string;
  accounts: number;
  counts: Record<string, number>;
  error: string | null;
  actions: { items: Action[]; total: number };
}
type MagnusUser = NonNullable<MagnusData['userList']>[number] & {
  id: number;
  username: string;
  dist: string;
  active: number | null;
};

const NEVER = '0 0 1 1 *';
const SERVER_ERROR_PAGE = 'MagnusBilling answered HTTP 500 (server error page)';
/** What a Yii debug page leaks: PHP source, server paths, the error itself. */
const PAGE_LEAK = /var\/www|SqlInject|preg_match|stdClass|<\/?[a-z]+[ >]/i;

/**
 * The whole product against a MagnusBilling simulator that fails like the real PHP 8 server
 * (integrations.md §2.2, §9): a read whose filter does not start with a numeric element is an HTTP 500 Yii
 * page. Until the client guarded its read-before-write, every action of every run failed on that page.
 */
describe('telephony enforcement against a MagnusBilling that fails like PHP 8 (demo mode, RabbitMQ)', () => {
  const broker = new BrokerNamespace();
  let t: TestApp;
  let admin: { token: string; tenantId: string };
  let magnus: SimulatorControl;
  let ixc: SimulatorControl;
  let discord: SimulatorControl;
  let magnusUrl: string;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        REGUA_MODE: 'demo',
        AMQP_URL: broker.url,
        AMQP_NAMESPACE: broker.prefix,
        ENFORCEMENT_CRON: NEVER,
        // No IXC sync: contract changes made here must not start fast-path runs behind the test's back.
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
    magnusUrl = `${demo.urls.magnus}/mbilling`;
    admin = await tenantAdmin(t, 'demo');
    // Breaker limits are not what these tests are about; forced runs skip it anyway.
    const settings = await api('PUT', '/api/v1/enforcement/settings', {
      breaker: { maxShare: 1, maxCount: 10_000 },
    });
    expect(settings.status).toBe(200);
  });
  afterAll(async () => {
    const transport = t?.app.get(MessageTransport);
    if (transport instanceof RabbitMqTransport) broker.track(transport.declaredNames());
    await t?.close();
    await broker.cleanup();
  });

  const api = <T>(method: string, path: string, body?: unknown) =>
    call<T>(t.url, method, path, { token: admin.token, body });
  const runOf = async (id: string) => {
    const first = (await api<Run>('GET', `/api/v1/enforcement/runs/${id}?includeNoChange=true&limit=100`))
      .body;
    const items = [...first.actions.items];
    for (let offset = 100; offset < first.actions.total; offset += 100) {
      const page = await api<Run>(
        'GET',
        `/api/v1/enforcement/runs/${id}?includeNoChange=true&limit=100&offset=${offset}`,
      );
      items.push(...page.body.actions.items);
    }
    return { ...first, actions: { items, total: first.actions.total } };
  };
  /** Starts a run (409 while another run plans: try again) and waits until none of its actions is pending. */
  const run = async (body: Record<string, unknown>): Promise<Run> => {
    const accepted = await eventually(
      async () => {
        const reply = await api<{ id: string }>('POST', '/api/v1/enforcement/runs', body);
        return reply.status !== 409 && reply;
      },
      { timeoutMs: 15_000, intervalMs: 200, description: 'the run to be accepted' },
    );
    expect(accepted.status).toBe(202);
    return eventually(
      async () => {
        const current = await runOf(accepted.body.id);
        const settled =
          current.status !== 'running' && current.actions.items.every((a) => a.outcome !== 'pending');
        return settled && current;
      },
      { timeoutMs: 60_000, intervalMs: 200, description: `run ${accepted.body.id} to settle` },
    );
  };
  const data = () => magnus.data<MagnusData>();
  const users = async () => ((await data()).userList ?? []) as MagnusUser[];
  const saves = async () => (await data()).requestCounts['user/save'] ?? 0;
  const setActive = (id: number, active: number) =>
    magnus.modify({ action: 'setUser', id, fields: { active } });
  const setContract = (id: string, fields: Record<string, unknown>) =>
    ixc.modify({
      action: 'setContractStatus',
      id: Number(id),
      desbloqueio_confianca_ativo: 'N',
      nao_bloquear_ate: null,
      ...fields,
    });
  const actionable = (r: Run) => r.actions.items.filter((a) => a.action !== 'no_change');

  /** Users whose contract reference is theirs alone and known to IXC (demo IXC: contracts 1..360). */
  const soleContractUsers = async (): Promise<MagnusUser[]> => {
    const all = await users();
    const refs = new Map<string, number>();
    for (const u of all) refs.set(u.dist.trim(), (refs.get(u.dist.trim()) ?? 0) + 1);
    return all.filter(
      (u) => /^\d+$/.test(u.dist.trim()) && Number(u.dist) <= 360 && refs.get(u.dist.trim()) === 1,
    );
  };

  /** The page the simulator answers a list-first filter with, exactly as a client would receive it. */
  const crashPage = async (): Promise<string> => {
    const signed = signedMagnusRequest({
      module: 'user',
      action: 'read',
      params: [['filter', '[{"type":"list","field":"id","value":[40]}]']],
      ...MAGNUS_DEMO_CREDENTIALS,
    });
    const response = await fetch(`${magnusUrl}${signed.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signed.headers },
      body: signed.body,
    });
    expect(response.status).toBe(500);
    const page = await response.text();
    expect(page).toContain('SqlInject.php(144)');
    return page;
  };

  it('a scoped dry run reads the lines it would change and plans them, writing nothing', async () => {
    const [u1, u2] = (await soleContractUsers()).slice(0, 2) as MagnusUser[];
    await setActive(u1!.id, 1);
    await setContract(u1!.dist.trim(), { status: 'A', status_internet: 'CA' });
    await setActive(u2!.id, 4);
    await setContract(u2!.dist.trim(), { status: 'A', status_internet: 'A' });
    const before = await saves();

    const dry = await run({ dryRun: true, usernames: [u1!.username, u2!.username] });

    const byUser = new Map(dry.actions.items.map((a) => [a.username, a]));
    expect(byUser.get(u1!.username)).toMatchObject({ action: 'block', outcome: 'dry_run', error: null });
    expect(byUser.get(u2!.username)).toMatchObject({ action: 'unblock', outcome: 'dry_run', error: null });
    expect(await saves()).toBe(before);
    const after = new Map((await users()).map((u) => [u.id, u.active]));
    expect([after.get(u1!.id), after.get(u2!.id)]).toEqual([1, 4]);
  });

  it('a forced real run applies every planned change; a second run writes nothing', async () => {
    const picked = (await soleContractUsers()).slice(10, 14) as MagnusUser[];
    const [block, unblock, disable, enable] = picked;
    await Promise.all([
      setActive(block!.id, 1).then(() =>
        setContract(block!.dist.trim(), { status: 'A', status_internet: 'CA' }),
      ),
      setActive(unblock!.id, 4).then(() =>
        setContract(unblock!.dist.trim(), { status: 'A', status_internet: 'A' }),
      ),
      setActive(disable!.id, 1).then(() =>
        setContract(disable!.dist.trim(), { status: 'D', status_internet: 'D' }),
      ),
      setActive(enable!.id, 0).then(() =>
        setContract(enable!.dist.trim(), { status: 'A', status_internet: 'A' }),
      ),
    ]);
    // A line created through the API and never set (`active: null`) on a blocked contract: unknown, left alone.
    const [spare] = (await soleContractUsers()).slice(20, 21) as MagnusUser[];
    const fresh = await magnus.modify<MagnusUser>({
      action: 'addUser',
      fields: { username: 'ramalnovo1', dist: spare!.dist.trim() },
    });
    expect(fresh.active).toBeNull();
    await setContract(spare!.dist.trim(), { status: 'A', status_internet: 'CA' });
    const before = await saves();

    const first = await run({ dryRun: false, force: true });

    const changes = actionable(first);
    expect(changes.length).toBeGreaterThanOrEqual(4);
    expect(changes.filter((a) => a.outcome !== 'applied')).toEqual([]);
    const byUser = new Map(first.actions.items.map((a) => [a.username, a]));
    expect(byUser.get(block!.username)).toMatchObject({ action: 'block', toValue: 4 });
    expect(byUser.get(unblock!.username)).toMatchObject({ action: 'unblock', toValue: 1 });
    expect(byUser.get(disable!.username)).toMatchObject({ action: 'disable', toValue: 0 });
    expect(byUser.get(enable!.username)).toMatchObject({ action: 'enable', toValue: 1 });
    expect(byUser.get('ramalnovo1')).toMatchObject({ action: 'no_change', reason: 'line_state_unknown' });
    // The simulator holds every planned value, written once each.
    const now = new Map((await users()).map((u) => [u.username, u.active]));
    for (const a of changes) expect([a.username, now.get(a.username)]).toEqual([a.username, a.toValue]);
    expect(now.get('ramalnovo1')).toBeNull();
    expect(await saves()).toBe(before + changes.length);

    const second = await run({ dryRun: false, force: true });

    expect(second.accounts).toBe(first.accounts);
    expect(actionable(second)).toEqual([]);
    expect(second.counts.no_change).toBe(second.accounts);
    expect(await saves()).toBe(before + changes.length);
  });

  it('a write answered with the 500 page fails with a short reason in the API and on Discord, never the page', async () => {
    const page = await crashPage();
    await discord.modify({ action: 'clearMessages' });
    const [u] = (await soleContractUsers()).slice(30, 31) as MagnusUser[];
    await setActive(u!.id, 4);
    await setContract(u!.dist.trim(), { status: 'A', status_internet: 'A' });
    await magnus.setFaults({
      pathPattern: 'user/save',
      error: { status: 500, body: page, contentType: 'text/html; charset=UTF-8' },
    });
    let failed: Run;
    try {
      failed = await run({ dryRun: false, usernames: [u!.username] });
    } finally {
      await magnus.clearFaults();
    }
    expect(failed.actions.items[0]).toMatchObject({
      action: 'unblock',
      outcome: 'failed',
      error: SERVER_ERROR_PAGE,
    });
    expect(JSON.stringify(failed)).not.toMatch(/var\/www|SqlInject|preg_match|stdClass/);

    const embeds = await eventually(
      async () => {
        const found = (await discord.data<DiscordData>()).webhooks[0]!.messages.flatMap(
          (m) => m.embeds,
        ).filter((e) => JSON.stringify(e).includes(u!.username));
        return found.length > 0 && found;
      },
      { timeoutMs: 20_000, description: 'the failure report on Discord' },
    );
    const reported = JSON.stringify(embeds);
    expect(reported).toContain(SERVER_ERROR_PAGE);
    expect(reported).not.toMatch(PAGE_LEAK);
  });

  it('a listing answered with the 500 page fails the run with the same short reason', async () => {
    const page = await crashPage();
    const [u] = (await soleContractUsers()).slice(31, 32) as MagnusUser[];
    await magnus.setFaults({
      pathPattern: 'user/read',
      error: { status: 500, body: page, contentType: 'text/html; charset=UTF-8' },
    });
    let broken: Run;
    try {
      broken = await run({ dryRun: true, usernames: [u!.username] });
    } finally {
      await magnus.clearFaults();
    }
    expect(broken.status).toBe('failed');
    expect(broken.error).toContain(SERVER_ERROR_PAGE);
    expect(broken.error).not.toMatch(PAGE_LEAK);
  });
});

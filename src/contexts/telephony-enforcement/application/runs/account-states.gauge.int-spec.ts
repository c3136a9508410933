import { createTestDatabase, type TestDatabase } from '../../../../../test/support/database';
import { eventually } from '../../../../../test/support/eventually';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { Reconcile } from './reconcile';

const NEVER = '0 0 1 1 *';

/** Sum of `regua_enforcement_accounts` over the processes, as Prometheus would add them up. */
async function scrapedAccounts(...apps: TestApp[]): Promise<{ total: number; series: number }> {
  let total = 0;
  let series = 0;
  for (const app of apps) {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    for (const [, value] of text.matchAll(/^regua_enforcement_accounts\{state="\w+"\} (\d+)$/gm)) {
      total += Number(value);
      series += 1;
    }
  }
  return { total, series };
}

/** An api and a scheduler process sharing one database, as in docker-compose. */
describe('regua_enforcement_accounts across processes', () => {
  let database: TestDatabase;
  let api: TestApp;
  let scheduler: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      REGUA_MODE: 'demo',
      ENFORCEMENT_CRON: NEVER,
      IXC_INCREMENTAL_CRON: NEVER,
      IXC_FULL_CRON: NEVER,
      IXC_AUTOMATION_CRON: NEVER,
    };
    api = await startTestApp({ env: { ...env, ROLE: 'api' }, database });
    scheduler = await startTestApp({ env: { ...env, ROLE: 'scheduler' }, database });
  });
  afterAll(async () => {
    await scheduler?.close();
    await api?.close();
    await database?.drop();
  });

  const latestRun = async () => {
    const [run] = (await api.app.get(Reconcile)['dataSource'].query(
      `SELECT tenant_id, accounts FROM telephony_enforcement.runs
          WHERE scope = '{}'::jsonb AND (status IN ('completed', 'held') OR phase = 'applying')
          ORDER BY started_at DESC LIMIT 1`,
    )) as Array<{ tenant_id: string; accounts: number }>;
    return run;
  };

  it('counts the lines of a run planned by the scheduler in the api process, once', async () => {
    // The scheduler's first look at the demo tenant: a full dry run that the api process never saw.
    const run = await eventually(latestRun, { timeoutMs: 30_000, description: 'the first-look run' });
    expect(run.accounts).toBeGreaterThan(0);
    // Published from the database by the process serving the API, and by it alone.
    expect(await scrapedAccounts(api)).toEqual({ total: run.accounts, series: 4 });
    expect(await scrapedAccounts(scheduler)).toEqual({ total: 0, series: 0 });
  });

  it('does not double when another process plans the next run', async () => {
    const { tenant_id: tenantId } = await latestRun();
    const planned = await api.app.get(Reconcile).plan(tenantId, { trigger: 'api', dryRun: true });
    expect(planned.accounts).toBeGreaterThan(0);
    expect((await scrapedAccounts(api, scheduler)).total).toBe(planned.accounts);
  });
});

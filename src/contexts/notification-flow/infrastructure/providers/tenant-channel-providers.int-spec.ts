import { DataSource, type EntityManager } from 'typeorm';
import { TEST_SECRET_KEY } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { IntegrationSecrets } from '../../../../platform/access/integrations/integration-secrets';
import { OutboundUrlPolicy } from '../../../../platform/access/outbound/outbound-url-policy';
import { Tenants } from '../../../../platform/access/tenants';
import {
  EVOLUTION_DEMO_CREDENTIALS,
  SENDGRID_DEMO_CREDENTIALS,
  startSimulators,
  type SimulatorHost,
} from '../../../../simulators';
import { failureOf } from './failure-of.test-helper';
import { TenantChannelProviders } from './tenant-channel-providers';

/** The providers of each tenant, read from its real integrations and encrypted secrets in Postgres. */
describe('TenantChannelProviders (real Postgres)', () => {
  let t: TestApp;
  let host: SimulatorHost;
  let db: DataSource;
  let tenants: Tenants;
  let secrets: IntegrationSecrets;
  let providers: TenantChannelProviders;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp({ env: { REGUA_SECRET_KEY: TEST_SECRET_KEY } });
    host = await startSimulators(['evolution', 'sendgrid'], { seed: 3 });
    // the simulators listen on loopback: trusted as the deployment's own, like demo mode's
    for (const name of ['evolution', 'sendgrid'] as const)
      t.app.get(OutboundUrlPolicy).trust(host.urlOf(name));
    db = t.app.get(DataSource);
    tenants = t.app.get(Tenants);
    secrets = t.app.get(IntegrationSecrets);
  });
  afterAll(async () => {
    await host?.stop();
    await t?.close();
  });
  beforeEach(() => {
    providers = new TenantChannelProviders(tenants, secrets, t.config);
  });
  afterEach(() => providers.onApplicationShutdown());

  const newTenant = async () => (await tenants.ensure(`providers-${++seq}`, { name: 'P', mode: 'demo' })).id;

  /** Sets a system up inside `manager` (committed or not, as the caller's transaction decides). */
  async function configure(
    tenantId: string,
    system: string,
    settings: Record<string, unknown>,
    secretValues: Record<string, string>,
    manager?: EntityManager,
  ): Promise<void> {
    await tenants.setIntegration(tenantId, system, settings, { manager });
    await secrets.put(tenantId, system, secretValues, { manager });
  }

  it('has no sender for a channel the tenant has not set up', async () => {
    const tenantId = await newTenant();
    for (const channel of ['whatsapp', 'sms', 'email'] as const) {
      expect(await providers.sender(tenantId, channel)).toBeNull();
    }
    expect(await providers.whatsappState(tenantId)).toEqual({ instance: '', state: 'unknown' });
  });

  it('resolves WhatsApp to Evolution and reads the instance state, through the caller’s transaction', async () => {
    const tenantId = await newTenant();
    await db.transaction(async (tx) => {
      // Not committed: only reads made through `tx` can see it.
      await configure(
        tenantId,
        'evolution',
        { baseUrl: host.urlOf('evolution'), instance: EVOLUTION_DEMO_CREDENTIALS.instance },
        { apiKey: EVOLUTION_DEMO_CREDENTIALS.apiKey },
        tx,
      );
      const sender = await providers.sender(tenantId, 'whatsapp', tx);
      expect(sender?.provider).toBe('evolution');
      expect(await providers.whatsappState(tenantId, tx)).toEqual({ instance: 'regua', state: 'open' });
    });
  });

  it('sends e-mail through SendGrid when configured, else SMTP', async () => {
    const tenantId = await newTenant();
    await configure(tenantId, 'smtp', { url: 'smtp://user@127.0.0.1:2525' }, { password: 'p' });
    expect((await providers.sender(tenantId, 'email'))?.provider).toBe('smtp');
    await configure(
      tenantId,
      'sendgrid',
      { baseUrl: host.urlOf('sendgrid') },
      { apiKey: SENDGRID_DEMO_CREDENTIALS.apiKey },
    );
    const fresh = new TenantChannelProviders(tenants, secrets, t.config);
    try {
      const sender = await fresh.sender(tenantId, 'email');
      expect(sender?.provider).toBe('sendgrid');
      // SendGrid can be asked about a message by schedule id (crash reconciliation): one it never saw
      expect(await sender!.lookup!(tenantId, '00000000-0000-4000-8000-000000000000')).toBeNull();
    } finally {
      await fresh.onApplicationShutdown();
    }
  });

  it('keeps one client per tenant until its settings change (re-read after the TTL)', async () => {
    const [a, b] = [await newTenant(), await newTenant()];
    for (const tenantId of [a, b])
      await configure(
        tenantId,
        'evolution',
        { baseUrl: host.urlOf('evolution'), instance: 'regua' },
        { apiKey: EVOLUTION_DEMO_CREDENTIALS.apiKey },
      );
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(1_000_000);
      const first = await providers.sender(a, 'whatsapp');
      now.mockReturnValue(1_000_000 + 60_000);
      expect(await providers.sender(a, 'whatsapp')).toBe(first);
      await tenants.setIntegration(a, 'evolution', { baseUrl: host.urlOf('evolution'), instance: 'other' });
      now.mockReturnValue(1_000_000 + 120_000);
      const second = await providers.sender(a, 'whatsapp');
      expect(second).not.toBe(first);
      expect(await providers.sender(b, 'whatsapp')).not.toBe(second);
    } finally {
      now.mockRestore();
    }
  });

  it('answers unavailable for a system that is set up but incomplete', async () => {
    const tenantId = await newTenant();
    await configure(tenantId, 'sms', { baseUrl: 'https://sms.example' }, { clientId: 'id' });
    const sender = await providers.sender(tenantId, 'sms');
    const failure = await failureOf(
      sender!.send({ tenantId, scheduleId: 's', channel: 'sms', to: '5511987654321', text: 'x' }),
    );
    expect(failure).toMatchObject({ kind: 'unavailable', code: 'NOTIFICATION_FLOW.PROVIDER_NOT_CONFIGURED' });
  });
});

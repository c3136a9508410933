import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../../../config/load-config';
import type { IntegrationSecrets } from '../../../../platform/access/integrations/integration-secrets';
import type { Tenants } from '../../../../platform/access/tenants';
import {
  EVOLUTION_DEMO_CREDENTIALS,
  SENDGRID_DEMO_CREDENTIALS,
  startSimulators,
  type SimulatorHost,
} from '../../../../simulators';
import { failureOf } from './failure-of.test-helper';
import { TenantChannelProviders } from './tenant-channel-providers';

type Store = Record<string, { settings?: Record<string, unknown>; secrets?: Record<string, string> }>;

describe('TenantChannelProviders', () => {
  let host: SimulatorHost;
  let store: Store;
  const manager = { marker: 'the caller transaction' } as unknown as EntityManager;
  const managersSeen: unknown[] = [];
  const tenants = {
    integrations: (_tenantId: string, m?: EntityManager) => {
      managersSeen.push(m);
      return Promise.resolve(
        Object.fromEntries(
          Object.entries(store).flatMap(([system, i]) => (i.settings ? [[system, i.settings]] : [])),
        ),
      );
    },
  } as unknown as Tenants;
  const secrets = {
    get: (_tenantId: string, system: string, name: string, m?: EntityManager) => {
      managersSeen.push(m);
      return Promise.resolve(store[system]?.secrets?.[name]);
    },
  } as unknown as IntegrationSecrets;
  const config = {
    EMAIL_FROM: 'Régua <cobranca@regua.local>',
    SMS_BASE_URL: 'https://api.assertivasolucoes.com.br',
  } as AppConfig;
  let providers: TenantChannelProviders;

  beforeAll(async () => {
    host = await startSimulators(['evolution', 'sendgrid'], { seed: 3 });
  });
  afterAll(() => host.stop());
  beforeEach(() => {
    store = {};
    managersSeen.length = 0;
    providers = new TenantChannelProviders(tenants, secrets, config);
  });
  afterEach(() => providers.onApplicationShutdown());

  it('has no sender for a channel the tenant has not set up', async () => {
    for (const channel of ['whatsapp', 'sms', 'email'] as const) {
      expect(await providers.sender('t-1', channel, manager)).toBeNull();
    }
    expect(await providers.whatsappState('t-1', manager)).toEqual({ instance: '', state: 'unknown' });
    expect(managersSeen.every((m) => m === manager)).toBe(true);
  });

  it('resolves WhatsApp to Evolution and reads the instance state, always through the given manager', async () => {
    store.evolution = {
      settings: { baseUrl: host.urlOf('evolution'), instance: EVOLUTION_DEMO_CREDENTIALS.instance },
      secrets: { apiKey: EVOLUTION_DEMO_CREDENTIALS.apiKey },
    };
    const sender = await providers.sender('t-1', 'whatsapp', manager);
    expect(sender?.provider).toBe('evolution');
    expect(await providers.whatsappState('t-1', manager)).toEqual({ instance: 'regua', state: 'open' });
    expect(managersSeen.length).toBeGreaterThan(0);
    expect(managersSeen.every((m) => m === manager)).toBe(true);
  });

  it('sends e-mail through SendGrid when configured, else SMTP', async () => {
    store.smtp = { settings: { url: 'smtp://user@127.0.0.1:2525' }, secrets: { password: 'p' } };
    expect((await providers.sender('t-1', 'email', manager))?.provider).toBe('smtp');
    store.sendgrid = {
      settings: { baseUrl: host.urlOf('sendgrid') },
      secrets: { apiKey: SENDGRID_DEMO_CREDENTIALS.apiKey },
    };
    const fresh = new TenantChannelProviders(tenants, secrets, config);
    const sender = await fresh.sender('t-1', 'email', manager);
    expect(sender?.provider).toBe('sendgrid');
    expect(sender?.lookup).toBeDefined();
    await fresh.onApplicationShutdown();
  });

  it('keeps one client per tenant until its settings change (re-read after the TTL)', async () => {
    store.evolution = {
      settings: { baseUrl: host.urlOf('evolution'), instance: 'regua' },
      secrets: { apiKey: EVOLUTION_DEMO_CREDENTIALS.apiKey },
    };
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(1_000_000);
      const first = await providers.sender('t-1', 'whatsapp', manager);
      now.mockReturnValue(1_000_000 + 60_000);
      expect(await providers.sender('t-1', 'whatsapp', manager)).toBe(first);
      store.evolution.settings = { ...store.evolution.settings, instance: 'other' };
      now.mockReturnValue(1_000_000 + 120_000);
      const second = await providers.sender('t-1', 'whatsapp', manager);
      expect(second).not.toBe(first);
      expect(await providers.sender('t-2', 'whatsapp', manager)).not.toBe(second);
    } finally {
      now.mockRestore();
    }
  });

  it('answers unavailable for a system that is set up but incomplete', async () => {
    store.sms = { settings: { baseUrl: 'https://sms.example' }, secrets: { clientId: 'id' } };
    const sender = await providers.sender('t-1', 'sms', manager);
    const failure = await failureOf(
      sender!.send({ tenantId: 't-1', scheduleId: 's', channel: 'sms', to: '5511987654321', text: 'x' }),
    );
    expect(failure).toMatchObject({ kind: 'unavailable', code: 'NOTIFICATION_FLOW.PROVIDER_NOT_CONFIGURED' });
  });
});

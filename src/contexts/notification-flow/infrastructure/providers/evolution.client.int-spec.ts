import {
  EVOLUTION_DEMO_CREDENTIALS,
  SimulatorControl,
  startSimulators,
  type EvolutionData,
  type SimulatorHost,
} from '../../../../simulators';
import type { OutgoingMessage } from '../../application/ports/channel-providers';
import { EvolutionClient, type EvolutionConnection } from './evolution.client';
import { failureOf } from './failure-of.test-helper';
import { installOutboundPolicy } from '../../../../platform/access/outbound/guarded-connect';
import { OutboundUrlPolicy } from '../../../../platform/access/outbound/outbound-url-policy';

const message = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  tenantId: 't-1',
  scheduleId: 's-1',
  channel: 'whatsapp',
  to: '5511987654321',
  text: 'Olá, sua fatura venceu',
  ...overrides,
});

describe('EvolutionClient against the Evolution simulator', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  const clients: EvolutionClient[] = [];
  const client = (overrides: Partial<EvolutionConnection> = {}) => {
    const created = new EvolutionClient({
      baseUrl: host.urlOf('evolution'),
      ...EVOLUTION_DEMO_CREDENTIALS,
      messagesPerSecond: 1000,
      ...overrides,
    });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    host = await startSimulators(['evolution'], { seed: 3 });
    control = new SimulatorControl(host.controlUrlOf('evolution'));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await host.stop();
  });
  beforeEach(() => control.reset());

  it('sends a text and answers the message key id as provider id', async () => {
    const sent = await client().send(message());
    expect(sent).toEqual({ provider: 'evolution', providerMessageId: expect.any(String) });
    const data = await control.data<EvolutionData>();
    expect(data.messages).toEqual([
      expect.objectContaining({ id: sent.providerMessageId, text: 'Olá, sua fatura venceu' }),
    ]);
  });

  it('fails permanently for a number that is not on WhatsApp', async () => {
    await control.modify({ action: 'setNotOnWhatsApp', numbers: ['5511987654321'] });
    const failure = await failureOf(client().send(message()));
    expect(failure).toMatchObject({ kind: 'permanent', code: 'WHATSAPP_NOT_ON_WHATSAPP', maybeSent: false });
  });

  it('makes the channel unavailable when the instance is closed, the key is refused or the instance is unknown', async () => {
    await control.modify({ action: 'setInstanceState', instance: 'regua', state: 'close' });
    expect(await failureOf(client().send(message()))).toMatchObject({
      kind: 'unavailable',
      code: 'WHATSAPP_INSTANCE_CLOSED',
    });
    expect(await client().connectionState()).toBe('close');
    await control.reset();
    expect(await failureOf(client({ apiKey: 'wrong' }).send(message()))).toMatchObject({
      kind: 'unavailable',
      code: 'WHATSAPP_CREDENTIALS_REFUSED',
    });
    expect(await failureOf(client({ instance: 'nope' }).send(message()))).toMatchObject({
      kind: 'unavailable',
      code: 'WHATSAPP_UNKNOWN_INSTANCE',
    });
  });

  it('reads the instance connection state, and unknown when it cannot', async () => {
    expect(await client().connectionState()).toBe('open');
    expect(await client({ apiKey: 'wrong' }).connectionState()).toBe('unknown');
  });

  it('fails transiently on a 5xx, and transiently with maybeSent when the answer never comes', async () => {
    await control.setFaults({ error: { status: 502, body: 'Bad Gateway' }, times: 1 });
    expect(await failureOf(client().send(message()))).toMatchObject({
      kind: 'transient',
      code: 'WHATSAPP_SERVER_ERROR',
      maybeSent: false,
    });
    await control.setFaults({ timeout: true, times: 1 });
    expect(await failureOf(client({ timeoutMs: 300 }).send(message()))).toMatchObject({
      kind: 'transient',
      code: 'WHATSAPP_TIMEOUT',
      maybeSent: true,
    });
  });

  it('never quotes an answer that is not Evolution’s (the base URL may point at an internal service)', async () => {
    const page = '<html><h1>RabbitMQ Management</h1>guest:guest vhost=/</html>';
    for (const status of [404, 500]) {
      await control.setFaults({ error: { status, body: page }, times: 1 });
      const failure = await failureOf(client().send(message()));
      expect(failure.message).not.toMatch(/RabbitMQ|guest|vhost/);
      expect(failure.message).toMatch(/an unrecognised answer \(.+, \d+ bytes\)/);
    }
  });

  it('does not connect to an address the outbound policy refuses (never sent, so not maybeSent)', async () => {
    installOutboundPolicy(
      new OutboundUrlPolicy({ allowPrivateNetworks: true, allowedHosts: [], trustedUrls: [] }),
    );
    try {
      const failure = await failureOf(client().send(message()));
      expect(failure).toMatchObject({ code: 'WHATSAPP_NETWORK', maybeSent: false });
      expect(failure.message).toContain('EOUTBOUNDREFUSED');
    } finally {
      installOutboundPolicy(undefined);
    }
    expect((await control.data<EvolutionData>()).messages).toHaveLength(0);
  });

  it('fails transiently, not maybeSent, when nothing listens', async () => {
    const failure = await failureOf(client({ baseUrl: 'http://127.0.0.1:1' }).send(message()));
    expect(failure).toMatchObject({ kind: 'transient', code: 'WHATSAPP_NETWORK', maybeSent: false });
  });
});

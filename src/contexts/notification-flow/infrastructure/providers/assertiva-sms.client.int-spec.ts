import {
  SimulatorControl,
  SMS_DEMO_CREDENTIALS,
  SMS_TOKEN_TTL_SECONDS,
  startSimulators,
  type SimulatorHost,
  type SmsData,
} from '../../../../simulators';
import type { OutgoingMessage } from '../../application/ports/channel-providers';
import { AssertivaSmsClient, type AssertivaConnection } from './assertiva-sms.client';
import { failureOf } from './failure-of.test-helper';

const message = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  tenantId: 't-1',
  scheduleId: 'sched-1',
  channel: 'sms',
  to: '5511987654321',
  text: 'Sua fatura venceu',
  ...overrides,
});

describe('AssertivaSmsClient against the SMS simulator', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  const clients: AssertivaSmsClient[] = [];
  const client = (overrides: Partial<AssertivaConnection> = {}) => {
    const created = new AssertivaSmsClient({
      baseUrl: host.urlOf('sms'),
      ...SMS_DEMO_CREDENTIALS,
      ...overrides,
    });
    clients.push(created);
    return created;
  };
  const tokenRequests = async () => (await control.requests()).byRoute['POST /oauth2/v3/token'] ?? 0;

  beforeAll(async () => {
    host = await startSimulators(['sms'], { seed: 3 });
    control = new SimulatorControl(host.controlUrlOf('sms'));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await host.stop();
  });
  beforeEach(() => control.reset());

  it('sends with one token for many messages, the schedule id as filter_value, and answers id_sms', async () => {
    const sms = client();
    const sent = await sms.send(message());
    await sms.send(message({ scheduleId: 'sched-2' }));
    expect(sent).toEqual({ provider: 'assertiva', providerMessageId: expect.stringMatching(/^\d+$/) });
    const data = await control.data<SmsData>();
    expect(data.messages[0]).toMatchObject({
      id_sms: Number(sent.providerMessageId),
      number: '5511987654321',
      message: 'Sua fatura venceu',
      filter_value: 'sched-1',
      route_type: 1,
    });
    expect(await tokenRequests()).toBe(1);
  });

  it('renews the token shortly before it expires, and once more when the gateway refuses it', async () => {
    let now = Date.now();
    const sms = client({ now: () => now });
    await sms.send(message());
    now += (SMS_TOKEN_TTL_SECONDS - 30) * 1000;
    await sms.send(message());
    expect(await tokenRequests()).toBe(2);
    await control.modify({ action: 'expireTokens' });
    await sms.send(message());
    expect(await tokenRequests()).toBe(3);
    expect((await control.data<SmsData>()).messages).toHaveLength(3);
  });

  it('fails permanently, without a call, for a number that is not a Brazilian mobile', async () => {
    const failure = await failureOf(client().send(message({ to: '551133334444' })));
    expect(failure).toMatchObject({ kind: 'permanent', code: 'SMS_INVALID_NUMBER' });
    expect((await control.requests()).count).toBe(0);
  });

  it('fails permanently when the gateway refuses the number', async () => {
    await control.modify({ action: 'setInvalid', numbers: ['5511987654321'] });
    expect(await failureOf(client().send(message()))).toMatchObject({
      kind: 'permanent',
      code: 'SMS_INVALID_NUMBER',
    });
  });

  it('makes the channel unavailable when the client credentials are refused', async () => {
    expect(await failureOf(client({ clientSecret: 'wrong' }).send(message()))).toMatchObject({
      kind: 'unavailable',
      code: 'SMS_CREDENTIALS_REFUSED',
    });
  });

  it('fails transiently on a 5xx, and with maybeSent on a timeout of the send', async () => {
    await control.setFaults({ error: { status: 500, body: 'oops' }, pathPattern: '^/sms/', times: 1 });
    expect(await failureOf(client().send(message()))).toMatchObject({
      kind: 'transient',
      code: 'SMS_SERVER_ERROR',
      maybeSent: false,
    });
    await control.setFaults({ timeout: true, pathPattern: '^/sms/', times: 1 });
    expect(await failureOf(client({ timeoutMs: 300 }).send(message()))).toMatchObject({
      kind: 'transient',
      code: 'SMS_TIMEOUT',
      maybeSent: true,
    });
  });

  it('never quotes an answer that is not the gateway’s (the base URL may point at an internal service)', async () => {
    const page = '<html><h1>RabbitMQ Management</h1>guest:guest vhost=/</html>';
    for (const status of [400, 404, 500]) {
      await control.setFaults({ error: { status, body: page }, pathPattern: '^/sms/', times: 1 });
      const failure = await failureOf(client().send(message()));
      expect(failure.message).not.toMatch(/RabbitMQ|guest|vhost|<html/);
    }
  });
});

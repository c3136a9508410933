import {
  SENDGRID_DEMO_CREDENTIALS,
  SENDGRID_RESTRICTED_API_KEY,
  SimulatorControl,
  startSimulators,
  type SendgridData,
  type SimulatorHost,
} from '../../../../simulators';
import type { OutgoingMessage } from '../../application/ports/channel-providers';
import { failureOf } from './failure-of.test-helper';
import { SendgridClient, type SendgridConnection } from './sendgrid.client';

const message = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  tenantId: 't-1',
  scheduleId: 'sched-1',
  channel: 'email',
  to: 'cliente@example.com',
  subject: 'Sua fatura venceu',
  text: 'Olá',
  html: '<p>Olá</p>',
  ...overrides,
});

describe('SendgridClient against the SendGrid simulator', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  const clients: SendgridClient[] = [];
  const client = (overrides: Partial<SendgridConnection> = {}) => {
    const created = new SendgridClient({
      baseUrl: host.urlOf('sendgrid'),
      apiKey: SENDGRID_DEMO_CREDENTIALS.apiKey,
      from: { email: 'cobranca@isp.example', name: 'ISP Exemplo' },
      ...overrides,
    });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    host = await startSimulators(['sendgrid'], { seed: 3 });
    control = new SimulatorControl(host.controlUrlOf('sendgrid'));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await host.stop();
  });
  beforeEach(() => control.reset());

  it('sends text and html with the schedule id as custom_args, answering X-Message-Id', async () => {
    const sent = await client().send(message());
    expect(sent).toEqual({ provider: 'sendgrid', providerMessageId: expect.stringMatching(/^[\w-]{22}$/) });
    const [kept] = (await control.data<SendgridData>()).messages;
    expect(kept).toMatchObject({
      messageId: sent.providerMessageId,
      from: { email: 'cobranca@isp.example', name: 'ISP Exemplo' },
      subject: 'Sua fatura venceu',
      customArgs: { schedule_id: 'sched-1' },
      recipients: ['cliente@example.com'],
      content: [
        { type: 'text/plain', value: 'Olá' },
        { type: 'text/html', value: '<p>Olá</p>' },
      ],
    });
  });

  it('finds a sent message by schedule id, and answers null for one never sent', async () => {
    const sent = await client().send(message({ scheduleId: 'sched-42' }));
    await client().send(message({ scheduleId: 'sched-43' }));
    expect(await client().lookup('t-1', 'sched-42')).toEqual({
      provider: 'sendgrid',
      providerMessageId: sent.providerMessageId,
    });
    expect(await client().lookup('t-1', 'sched-never')).toBeNull();
  });

  it('fails permanently for an invalid recipient address', async () => {
    const failure = await failureOf(client().send(message({ to: 'not-an-address' })));
    expect(failure).toMatchObject({ kind: 'permanent', code: 'EMAIL_INVALID_ADDRESS', provider: 'sendgrid' });
  });

  it('makes the channel unavailable when the key is refused (401) or lacks the scope (403)', async () => {
    expect(await failureOf(client({ apiKey: 'SG.wrong.key' }).send(message()))).toMatchObject({
      kind: 'unavailable',
      code: 'EMAIL_CREDENTIALS_REFUSED',
    });
    expect(await failureOf(client({ apiKey: SENDGRID_RESTRICTED_API_KEY }).send(message()))).toMatchObject({
      kind: 'unavailable',
      code: 'EMAIL_CREDENTIALS_REFUSED',
    });
    expect(await failureOf(client({ apiKey: 'SG.wrong.key' }).lookup('t-1', 'sched-1'))).toMatchObject({
      kind: 'unavailable',
    });
  });

  it('fails transiently on 429 and 5xx, and with maybeSent on a timeout', async () => {
    await control.modify({ action: 'setRateLimit', limit: 1, windowMs: 60_000 });
    await client().send(message());
    expect(await failureOf(client().send(message()))).toMatchObject({
      kind: 'transient',
      code: 'EMAIL_RATE_LIMITED',
      maybeSent: false,
    });
    await control.reset();
    await control.setFaults({ error: { status: 503, body: { errors: [{ message: 'down' }] } }, times: 1 });
    expect(await failureOf(client().send(message()))).toMatchObject({ kind: 'transient', maybeSent: false });
    await control.setFaults({ timeout: true, times: 1 });
    expect(await failureOf(client({ timeoutMs: 300 }).send(message()))).toMatchObject({
      kind: 'transient',
      code: 'EMAIL_TIMEOUT',
      maybeSent: true,
    });
  });

  it('never quotes an answer that is not SendGrid’s (the base URL may point at an internal service)', async () => {
    const page = '<html><h1>RabbitMQ Management</h1>guest:guest vhost=/</html>';
    for (const status of [400, 404, 500]) {
      await control.setFaults({ error: { status, body: page }, times: 1 });
      const failure = await failureOf(client().send(message()));
      expect(failure.message).not.toMatch(/RabbitMQ|guest|vhost|<html/);
    }
  });
});

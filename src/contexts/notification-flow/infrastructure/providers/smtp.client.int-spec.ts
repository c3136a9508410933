import {
  SimulatorControl,
  SMTP_DEMO_CREDENTIALS,
  startSimulators,
  type SimulatorHost,
  type SmtpData,
} from '../../../../simulators';
import type { OutgoingMessage } from '../../application/ports/channel-providers';
import { failureOf } from './failure-of.test-helper';
import { SmtpClient, type SmtpConnection } from './smtp.client';

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

describe('SmtpClient against the SMTP simulator', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let url: string;
  const clients: SmtpClient[] = [];
  const client = (overrides: Partial<SmtpConnection> = {}) => {
    const created = new SmtpClient({
      url,
      password: SMTP_DEMO_CREDENTIALS.password,
      from: { email: 'cobranca@isp.example', name: 'ISP Exemplo' },
      ...overrides,
    });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    host = await startSimulators(['smtp'], { seed: 3 });
    control = new SimulatorControl(host.controlUrlOf('smtp'));
    url = `smtp://${SMTP_DEMO_CREDENTIALS.user}@127.0.0.1:${host.listenerPortOf('smtp')}`;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await host.stop();
  });
  beforeEach(() => control.reset());

  it('sends through the pool with <scheduleId@regua> as Message-ID and the schedule header', async () => {
    const smtp = client();
    const sent = await smtp.send(message());
    await smtp.send(message({ scheduleId: 'sched-2' }));
    expect(sent).toEqual({ provider: 'smtp', providerMessageId: '<sched-1@regua>' });
    const data = await control.data<SmtpData>();
    expect(data.messages.map((m) => m.scheduleId)).toEqual(['sched-1', 'sched-2']);
    expect(data.messages[0]).toMatchObject({
      from: '"ISP Exemplo" <cobranca@isp.example>',
      to: ['cliente@example.com'],
      subject: 'Sua fatura venceu',
      text: 'Olá',
      html: '<p>Olá</p>',
      messageId: '<sched-1@regua>',
    });
    // pooled: one login for both messages
    expect((await control.requests()).byRoute['SMTP /AUTH']).toBe(1);
  });

  it('also takes the password from the URL', async () => {
    const withPassword = url.replace('@', `:${SMTP_DEMO_CREDENTIALS.password}@`);
    await client({ url: withPassword, password: undefined }).send(message());
    expect((await control.data<SmtpData>()).messages).toHaveLength(1);
  });

  it('fails permanently when the recipient is refused with 550', async () => {
    expect(await failureOf(client().send(message({ to: 'gone@bounce.test' })))).toMatchObject({
      kind: 'permanent',
      code: 'EMAIL_INVALID_ADDRESS',
      provider: 'smtp',
    });
  });

  it('makes the channel unavailable when the relay refuses the login', async () => {
    expect(await failureOf(client({ password: 'wrong' }).send(message()))).toMatchObject({
      kind: 'unavailable',
      code: 'EMAIL_CREDENTIALS_REFUSED',
    });
  });

  it('fails transiently on a 451 at DATA and permanently on a 554', async () => {
    await control.setFaults({ error: { status: 451, body: '4.3.0 Try later' }, times: 1 });
    expect(await failureOf(client().send(message()))).toMatchObject({
      kind: 'transient',
      code: 'EMAIL_RELAY_DEFERRED',
      maybeSent: false,
    });
    await control.setFaults({ error: { status: 554, body: '5.7.1 Rejected' }, times: 1 });
    expect(await failureOf(client().send(message()))).toMatchObject({
      kind: 'permanent',
      code: 'EMAIL_MESSAGE_REFUSED',
    });
  });

  it('fails transiently with maybeSent when DATA is never answered, and not maybeSent when nothing listens', async () => {
    await control.setFaults({ timeout: true, times: 1 });
    expect(await failureOf(client({ timeoutMs: 500 }).send(message()))).toMatchObject({
      kind: 'transient',
      code: 'EMAIL_TIMEOUT',
      maybeSent: true,
    });
    expect(await failureOf(client({ url: 'smtp://u@127.0.0.1:1' }).send(message()))).toMatchObject({
      kind: 'transient',
      maybeSent: false,
    });
  });
});

import nodemailer from 'nodemailer';
import { startSimulators } from '../index';
import { SimulatorControl } from '../host/simulator-control';
import type { SimulatorHost } from '../host/simulator-host';
import { SMTP_DEMO_CREDENTIALS, type SmtpData } from './smtp-state';

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  command?: string;
}

describe('SMTP relay simulator', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let port: number;

  const transport = (password: string = SMTP_DEMO_CREDENTIALS.password) =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user: SMTP_DEMO_CREDENTIALS.user, pass: password },
      socketTimeout: 2_000,
    });
  const send = async (to = 'cliente@example.com', password?: string) => {
    const mailer = transport(password);
    try {
      return await mailer.sendMail({
        from: '"Régua" <cobranca@regua.local>',
        to,
        subject: 'Sua fatura venceu',
        text: 'Olá',
        html: '<p>Olá</p>',
        messageId: '<s-1@regua>',
        headers: { 'X-Regua-Schedule': 's-1' },
      });
    } finally {
      mailer.close();
    }
  };
  const failureOf = async (sending: Promise<unknown>): Promise<SmtpFailure> => {
    try {
      await sending;
    } catch (error) {
      return error as SmtpFailure;
    }
    throw new Error('expected the send to fail');
  };

  beforeAll(async () => {
    host = await startSimulators(['smtp'], { seed: 7 });
    control = new SimulatorControl(host.controlUrlOf('smtp'));
    port = host.listenerPortOf('smtp')!;
  });
  afterAll(() => host.stop());
  beforeEach(() => control.reset());

  it('listens on its own port, shown in /data, and keeps an authenticated message with its schedule header', async () => {
    expect(port).toBeGreaterThan(0);
    const info = await send();
    expect(info.accepted).toEqual(['cliente@example.com']);
    const data = await control.data<SmtpData>();
    expect(data.port).toBe(port);
    expect(data.messages).toEqual([
      expect.objectContaining({
        envelope: { from: 'cobranca@regua.local', to: ['cliente@example.com'] },
        from: '"Régua" <cobranca@regua.local>',
        to: ['cliente@example.com'],
        subject: 'Sua fatura venceu',
        text: 'Olá',
        html: '<p>Olá</p>',
        messageId: '<s-1@regua>',
        scheduleId: 's-1',
        user: SMTP_DEMO_CREDENTIALS.user,
      }),
    ]);
    const requests = await control.requests();
    expect(requests.byRoute).toMatchObject({ 'SMTP /AUTH': 1, 'SMTP /RCPT': 1, 'SMTP /DATA': 1 });
  });

  it('refuses wrong credentials with 535', async () => {
    const failure = await failureOf(send('cliente@example.com', 'wrong'));
    expect(failure).toMatchObject({ code: 'EAUTH', responseCode: 535 });
    expect((await control.data<SmtpData>()).counts.authFailures).toBe(1);
  });

  it('refuses @bounce.test recipients, and every recipient after setRejectAll, with 550 at RCPT TO', async () => {
    expect(await failureOf(send('gone@bounce.test'))).toMatchObject({ code: 'EENVELOPE', responseCode: 550 });
    await control.modify({ action: 'setRejectAll', reject: true });
    expect(await failureOf(send())).toMatchObject({ code: 'EENVELOPE', responseCode: 550 });
    await control.modify({ action: 'setRejectAll', reject: false });
    await send();
    const data = await control.data<SmtpData>();
    expect([data.messages.length, data.counts.rejectedRecipients]).toEqual([1, 2]);
    await control.modify({ action: 'clearMessages' });
    expect((await control.data<SmtpData>()).messages).toEqual([]);
  });

  it('answers a DATA fault with its SMTP code (554, 451 for an HTTP-style status) and then recovers', async () => {
    await control.setFaults({ error: { status: 554, body: '5.7.1 Rejected as spam' }, times: 1 });
    expect(await failureOf(send())).toMatchObject({ code: 'EMESSAGE', responseCode: 554 });
    await control.setFaults({ errorRate: 1, times: 1 });
    expect(await failureOf(send())).toMatchObject({ code: 'EMESSAGE', responseCode: 451 });
    await send();
    expect((await control.data<SmtpData>()).messages).toHaveLength(1);
  });

  it('never answers DATA under a timeout fault', async () => {
    await control.setFaults({ timeout: true, times: 1 });
    expect(await failureOf(send())).toMatchObject({ code: 'ETIMEDOUT' });
    expect((await control.data<SmtpData>()).messages).toEqual([]);
  });
});

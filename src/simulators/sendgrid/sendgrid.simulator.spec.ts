import { startSimulators } from '../index';
import { SimulatorControl } from '../host/simulator-control';
import type { SimulatorHost } from '../host/simulator-host';
import type { SendgridError } from './sendgrid-errors';
import { SENDGRID_DEMO_CREDENTIALS, SENDGRID_RESTRICTED_API_KEY, type SendgridData } from './sendgrid-state';

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;
type ErrorBody = { errors: SendgridError[] };

const mail = (overrides: Record<string, unknown> = {}) => ({
  personalizations: [
    { to: [{ email: 'cliente@example.com', name: 'Cliente' }], custom_args: { schedule: 's-1' } },
  ],
  from: { email: 'cobranca@regua.test', name: 'Régua' },
  subject: 'Sua fatura venceu',
  content: [
    { type: 'text/plain', value: 'Olá' },
    { type: 'text/html', value: '<p>Olá</p>' },
  ],
  ...overrides,
});

describe('SendGrid Mail Send simulator', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let url: string;

  const send = (body: unknown, key: string | null = SENDGRID_DEMO_CREDENTIALS.apiKey) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(key === null ? {} : { Authorization: `Bearer ${key}` }),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const errorsOf = async (response: Response) => (await json<ErrorBody>(response)).errors;

  beforeAll(async () => {
    host = await startSimulators(['sendgrid'], { seed: 7 });
    control = new SimulatorControl(host.controlUrlOf('sendgrid'));
    url = `${host.urlOf('sendgrid')}/v3/mail/send`;
  });
  afterAll(() => host.stop());
  beforeEach(() => control.reset());

  it('accepts a valid message with 202, an empty body and X-Message-Id, and keeps it with its custom_args', async () => {
    const response = await send(mail({ custom_args: { tenant: 'demo' }, categories: ['dunning'] }));
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
    const messageId = response.headers.get('x-message-id');
    expect(messageId).toMatch(/^[\w-]{22}$/);
    expect(response.headers.get('x-ratelimit-limit')).toBe('10000');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('9999');
    expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);

    const data = await control.data<SendgridData>();
    expect(data.messages).toEqual([
      expect.objectContaining({
        messageId,
        from: { email: 'cobranca@regua.test', name: 'Régua' },
        subject: 'Sua fatura venceu',
        customArgs: { tenant: 'demo' },
        categories: ['dunning'],
        recipients: ['cliente@example.com'],
        personalizations: [expect.objectContaining({ custom_args: { schedule: 's-1' } })],
      }),
    ]);
    expect(data.bounces).toEqual([]);
  });

  it('accepts a dynamic template without subject or content', async () => {
    const response = await send(
      mail({ subject: undefined, content: undefined, template_id: `d-${'a'.repeat(32)}` }),
    );
    expect(response.status).toBe(202);
    expect((await control.data<SendgridData>()).messages[0]!.templateId).toBe(`d-${'a'.repeat(32)}`);
  });

  it('searches accepted messages by custom_args (message and personalization level) in the activity API', async () => {
    const first = await send(mail({ custom_args: { schedule_id: 'top-1' } }));
    await send(
      mail({
        personalizations: [
          { to: [{ email: 'a@example.com' }], custom_args: { schedule_id: 'p-1' } },
          { to: [{ email: 'x@bounce.test' }], custom_args: { schedule_id: 'p-2' } },
        ],
      }),
    );
    const search = async (query: string, key: string = SENDGRID_DEMO_CREDENTIALS.apiKey) =>
      fetch(`${host.urlOf('sendgrid')}/v3/messages?limit=10&query=${encodeURIComponent(query)}`, {
        headers: { Authorization: `Bearer ${key}` },
      });
    const found = async (query: string) =>
      (
        await json<{ messages: Array<{ msg_id: string; to_email: string; status: string }> }>(
          await search(query),
        )
      ).messages;
    expect(await found(`unique_args['schedule_id']="top-1"`)).toEqual([
      expect.objectContaining({
        msg_id: first.headers.get('x-message-id'),
        to_email: 'cliente@example.com',
        status: 'delivered',
      }),
    ]);
    expect(await found(`unique_args['schedule_id']="p-1"`)).toEqual([
      expect.objectContaining({ to_email: 'a@example.com', status: 'delivered' }),
    ]);
    expect(await found(`unique_args['schedule_id']="p-2"`)).toEqual([
      expect.objectContaining({ to_email: 'x@bounce.test', status: 'not_delivered' }),
    ]);
    expect(await found(`unique_args['schedule_id']="none"`)).toEqual([]);
    expect((await search('nonsense')).status).toBe(400);
    expect((await search(`msg_id="x"`, 'SG.nope.nope')).status).toBe(401);
  });

  it('answers 401 without a key or with a wrong one, and 403 for a key without mail.send', async () => {
    const missing = await send(mail(), null);
    expect(missing.status).toBe(401);
    expect(await json(missing)).toEqual({
      errors: [{ message: 'authorization required', field: null, help: null }],
    });
    const wrong = await send(mail(), 'SG.nope.nope');
    expect(wrong.status).toBe(401);
    expect((await errorsOf(wrong))[0]!.message).toMatch(/invalid, expired, or revoked/);
    const restricted = await send(mail(), SENDGRID_RESTRICTED_API_KEY);
    expect(restricted.status).toBe(403);
    expect(await errorsOf(restricted)).toEqual([{ message: 'access forbidden', field: null, help: null }]);
    expect((await control.data<SendgridData>()).messages).toEqual([]);
  });

  it('answers 400 Bad Request for invalid JSON', async () => {
    const response = await send('{nope');
    expect(response.status).toBe(400);
    expect(await errorsOf(response)).toEqual([{ message: 'Bad Request', field: null, help: null }]);
  });

  it('reports every validation problem with its field path', async () => {
    const response = await send({ personalizations: [{ to: [{ email: 'not-an-address' }] }], from: {} });
    expect(response.status).toBe(400);
    const fields = (await errorsOf(response)).map((e) => e.field);
    expect(fields).toEqual(['from.email', 'personalizations.0.to.0.email', 'subject', 'content']);

    const noPersonalizations = await send(mail({ personalizations: [] }));
    expect(await errorsOf(noPersonalizations)).toEqual([
      expect.objectContaining({ field: 'personalizations', help: expect.stringContaining('errors.html#') }),
    ]);
    const noTo = await send(mail({ personalizations: [{ cc: [{ email: 'a@b.co' }] }] }));
    expect((await errorsOf(noTo)).map((e) => e.field)).toEqual(['personalizations.0.to']);
  });

  it('checks content blocks, custom_args values and duplicate recipients', async () => {
    const content = await send(
      mail({
        content: [
          { type: 'text/html', value: 'x' },
          { type: 'text/plain', value: '' },
        ],
      }),
    );
    expect((await errorsOf(content)).map((e) => e.field)).toEqual(['content.1.value', 'content']);
    const args = await send(mail({ custom_args: { schedule: 42 } }));
    expect((await errorsOf(args)).map((e) => e.field)).toEqual(['custom_args']);
    const duplicate = await send(
      mail({ personalizations: [{ to: [{ email: 'a@b.co' }], bcc: [{ email: 'A@b.co' }] }] }),
    );
    expect((await errorsOf(duplicate))[0]).toMatchObject({ field: 'personalizations.0.bcc' });
  });

  it('limits personalizations and recipients to 1000', async () => {
    const to = (i: number) => ({ to: [{ email: `c${i}@example.com` }] });
    const ok = await send(mail({ personalizations: Array.from({ length: 1000 }, (_, i) => to(i)) }));
    expect(ok.status).toBe(202);
    const tooMany = await send(mail({ personalizations: Array.from({ length: 1001 }, (_, i) => to(i)) }));
    expect(tooMany.status).toBe(400);
    expect((await errorsOf(tooMany))[0]!.field).toBe('personalizations');
    const recipients = await send(
      mail({
        personalizations: [
          { to: Array.from({ length: 600 }, (_, i) => ({ email: `a${i}@example.com` })) },
          { to: Array.from({ length: 401 }, (_, i) => ({ email: `b${i}@example.com` })) },
        ],
      }),
    );
    expect(recipients.status).toBe(400);
    expect((await errorsOf(recipients))[0]!.message).toMatch(/total number of recipients/);
  });

  it('answers 413 above 30 MB', async () => {
    const response = await send(
      mail({ content: [{ type: 'text/plain', value: 'x'.repeat(31 * 1024 * 1024) }] }),
    );
    expect(response.status).toBe(413);
    expect((await errorsOf(response))[0]!.message).toMatch(/30MB/);
  });

  it('accepts bouncing recipients and reports the hard bounce with the custom_args', async () => {
    await control.modify({ action: 'addBounce', email: 'Gone@Example.com' });
    const response = await send(
      mail({
        personalizations: [
          { to: [{ email: 'x@bounce.test' }], custom_args: { schedule: 's-9' } },
          { to: [{ email: 'gone@example.com' }, { email: 'ok@example.com' }] },
        ],
        custom_args: { tenant: 'demo' },
      }),
    );
    expect(response.status).toBe(202);
    const data = await control.data<SendgridData>();
    expect(data.bounceAddresses).toEqual(['gone@example.com']);
    expect(data.bounces).toEqual([
      expect.objectContaining({
        email: 'x@bounce.test',
        messageId: response.headers.get('x-message-id'),
        type: 'bounce',
        customArgs: { tenant: 'demo', schedule: 's-9' },
      }),
      expect.objectContaining({ email: 'gone@example.com', customArgs: { tenant: 'demo' } }),
    ]);

    await control.modify({ action: 'clearMessages' });
    const cleared = await control.data<SendgridData>();
    expect([cleared.messages, cleared.bounces]).toEqual([[], []]);
  });

  it('rate-limits with 429 and X-RateLimit-* headers after setRateLimit', async () => {
    await control.modify({ action: 'setRateLimit', limit: 2, windowMs: 60_000 });
    expect((await send(mail())).status).toBe(202);
    expect((await send(mail())).status).toBe(202);
    const limited = await send(mail());
    expect(limited.status).toBe(429);
    expect(await errorsOf(limited)).toEqual([{ message: 'too many requests', field: null, help: null }]);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await control.data<SendgridData>()).messages).toHaveLength(2);
  });

  it('refuses unknown or bad control actions', async () => {
    await expect(control.modify({ action: 'explode' })).rejects.toMatchObject({ status: 400 });
    await expect(control.modify({ action: 'setRateLimit', limit: 0, windowMs: 1 })).rejects.toMatchObject({
      status: 400,
    });
    await expect(control.modify({ action: 'addBounce', email: 'x' })).rejects.toMatchObject({ status: 400 });
  });

  it('accepts injected faults through the host', async () => {
    await control.setFaults({
      error: { status: 500, body: { errors: [{ message: 'internal', field: null }] } },
      times: 1,
    });
    expect((await send(mail())).status).toBe(500);
    expect((await send(mail())).status).toBe(202);

    // without a body, the host's rate-limit fault is rendered the SendGrid way
    await control.setFaults({ rateLimit: { limit: 0, windowMs: 10_000 } });
    const limited = await send(mail());
    expect(limited.status).toBe(429);
    expect(await errorsOf(limited)).toEqual([{ message: 'too many requests', field: null, help: null }]);
    expect((await control.requests()).byRoute).toEqual({ 'POST /v3/mail/send': 3 });
  });
});

import { startSimulators } from '../index';
import { SimulatorControl } from '../host/simulator-control';
import type { SimulatorHost } from '../host/simulator-host';
import { countSegments } from './sms-segments';
import { SMS_DEMO_CREDENTIALS, type SmsData } from './sms-state';

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const demoBasic = basic(SMS_DEMO_CREDENTIALS.clientId, SMS_DEMO_CREDENTIALS.clientSecret);

const body = (arraySms: unknown[], extra: Record<string, unknown> = {}) => ({
  can_receive_status: false,
  can_receive_answer: false,
  webhook_status_url: '',
  webhook_answer_url: '',
  route_type: 1,
  arraySms,
  ...extra,
});

describe('SMS gateway simulator (Assertiva shape)', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let base: string;

  const token = async (authorization = demoBasic, form = 'grant_type=client_credentials') =>
    fetch(`${base}/oauth2/v3/token`, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    });
  const accessToken = async () => (await json<{ access_token: string }>(await token())).access_token;
  const send = async (payload: unknown, bearer?: string) =>
    fetch(`${base}/sms/v3/send`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${bearer ?? (await accessToken())}`,
        'Content-Type': 'application/json',
      },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  beforeAll(async () => {
    host = await startSimulators(['sms'], { seed: 3 });
    control = new SimulatorControl(host.controlUrlOf('sms'));
    base = host.urlOf('sms');
  });
  afterAll(() => host.stop());
  beforeEach(() => control.reset());

  it('issues a bearer token for the client credentials', async () => {
    const response = await token();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{40}$/),
      token_type: 'Bearer',
      expires_in: 3600,
    });
  });

  it('refuses wrong client credentials (401) and other grant types (400)', async () => {
    const wrong = await token(basic(SMS_DEMO_CREDENTIALS.clientId, 'nope'));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    expect((await token('')).status).toBe(401);
    const grant = await token(demoBasic, 'grant_type=password');
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('sends a batch, answers an id_sms per message and keeps them with filter_value', async () => {
    const response = await send(
      body([
        { number: '5511999990001', message: 'Sua fatura venceu', filter_value: 'schedule-1' },
        { number: '5521988880002', message: 'Pagamento pendente' },
      ]),
    );
    expect(response.status).toBe(200);
    const answer = await json<{ arraySms: Array<{ id_sms: number }> }>(response);
    expect(answer).toEqual({
      arraySms: [
        { id_sms: expect.any(Number), number: '5511999990001', filter_value: 'schedule-1' },
        { id_sms: expect.any(Number), number: '5521988880002', filter_value: null },
      ],
    });
    expect(answer.arraySms[1]!.id_sms).toBe(answer.arraySms[0]!.id_sms + 1);

    const data = await control.data<SmsData>();
    expect(data.messages).toEqual([
      expect.objectContaining({
        id_sms: answer.arraySms[0]!.id_sms,
        number: '5511999990001',
        message: 'Sua fatura venceu',
        filter_value: 'schedule-1',
        route_type: 1,
        encoding: 'GSM-7',
        segments: 1,
      }),
      expect.objectContaining({ number: '5521988880002', filter_value: null }),
    ]);
    await control.modify({ action: 'clearMessages' });
    expect((await control.data<SmsData>()).messages).toEqual([]);
  });

  it('refuses a missing, unknown or expired token with 401 invalid_token', async () => {
    const payload = body([{ number: '5511999990001', message: 'x' }]);
    const unknown = await send(payload, 'nope');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_token' });
    expect(unknown.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);

    const valid = await accessToken();
    expect((await send(payload, valid)).status).toBe(200);
    await control.modify({ action: 'expireTokens' });
    expect((await send(payload, valid)).status).toBe(401);
  });

  it('validates the body and names the field', async () => {
    const bad = async (payload: unknown) => {
      const response = await send(payload);
      expect(response.status).toBe(400);
      return json<{ error: string; field?: string }>(response);
    };
    expect(await bad('{nope')).toMatchObject({ error: 'invalid_request' });
    expect(await bad(body([]))).toMatchObject({ error: 'invalid_request', field: 'arraySms' });
    expect(await bad(body([{ number: '5511999990001', message: ' ' }]))).toMatchObject({
      field: 'arraySms[0].message',
    });
    expect(await bad(body([{ number: 5511999990001, message: 'x' }]))).toMatchObject({
      field: 'arraySms[0].number',
    });
    expect(await bad(body([{ number: '5511999990001', message: 'x' }], { route_type: 'x' }))).toMatchObject({
      field: 'route_type',
    });
  });

  it('refuses a batch with an invalid number, sending none of it', async () => {
    await control.modify({ action: 'setInvalid', numbers: ['5511999990009'] });
    const response = await send(
      body([
        { number: '5511999990001', message: 'ok' },
        { number: '+5511999990002', message: 'plus sign' },
        { number: '551133334444', message: 'landline' },
        { number: '5511999990009', message: 'listed' },
      ]),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_number',
      error_description: expect.any(String),
      numbers: ['+5511999990002', '551133334444', '5511999990009'],
    });
    const data = await control.data<SmsData>();
    expect(data.messages).toEqual([]);
    expect(data.invalidNumbers).toEqual(['5511999990009']);
    await expect(control.modify({ action: 'setInvalid', numbers: 'x' })).rejects.toMatchObject({
      status: 400,
    });
    await expect(control.modify({ action: 'explode' })).rejects.toMatchObject({ status: 400 });
  });

  it('counts GSM-7 and UCS-2 segments', () => {
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1 });
    expect(countSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2 });
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1 });
    expect(countSegments('Não pague'.padEnd(70, '.'))).toEqual({ encoding: 'UCS-2', segments: 1 });
    expect(countSegments('Não pague'.padEnd(71, '.'))).toEqual({ encoding: 'UCS-2', segments: 2 });
  });

  it('accepts injected faults through the host', async () => {
    const bearer = await accessToken();
    await control.setFaults({
      error: { status: 503, body: 'Service Unavailable' },
      times: 1,
      pathPattern: '^/sms/',
    });
    const payload = body([{ number: '5511999990001', message: 'x' }]);
    const failed = await send(payload, bearer);
    expect(failed.status).toBe(503);
    expect(await failed.text()).toBe('Service Unavailable');
    expect((await send(payload, bearer)).status).toBe(200);

    await control.setFaults({ rateLimit: { limit: 0, windowMs: 10_000 }, pathPattern: '^/sms/' });
    const limited = await send(payload, bearer);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await limited.json()).toMatchObject({ error: 'too_many_requests' });
    expect((await control.requests()).byRoute).toEqual({
      'POST /oauth2/v3/token': 1,
      'POST /sms/v3/send': 3,
    });
  });
});

import {
  MERCADOPAGO_DEMO_CREDENTIALS,
  SimulatorControl,
  startSimulators,
  type MercadoPagoPayment,
  type SimulatorHost,
} from '../../../../simulators';
import { MercadoPagoClient, MercadoPagoError } from './mercadopago.client';
import { lookedUpPayment } from './mercadopago-payment';

describe('MercadoPagoClient against the Mercado Pago simulator', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  const clients: MercadoPagoClient[] = [];
  const client = (accessToken: string = MERCADOPAGO_DEMO_CREDENTIALS.accessToken) => {
    const created = new MercadoPagoClient({
      baseUrl: host.urlOf('mercadopago'),
      accessToken,
      timeoutMs: 5_000,
    });
    clients.push(created);
    return created;
  };
  const add = (fields: Record<string, unknown>) =>
    control.modify<MercadoPagoPayment>({ action: 'addPayment', amountCents: 8990, ...fields });
  const failure = async (promise: Promise<unknown>): Promise<MercadoPagoError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof MercadoPagoError))
      throw new Error(`expected a MercadoPagoError, got ${String(error)}`);
    return error;
  };

  beforeAll(async () => {
    host = await startSimulators(['mercadopago'], { seed: 5 });
    control = new SimulatorControl(host.controlUrlOf('mercadopago'));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await host.stop();
  });
  beforeEach(() => control.reset());

  it('reads an approved PIX payment and maps it like a full notification', async () => {
    const paid = await add({ status: 'approved', externalReference: '4711', method: 'pix' });
    const resource = await client().payment(String(paid.id));
    expect(resource).toMatchObject({ id: paid.id, status: 'approved', transaction_amount: 89.9 });
    expect(lookedUpPayment(resource!)).toEqual({
      found: true,
      status: 'approved',
      statusDetail: 'accredited',
      paid: true,
      payment: {
        providerPaymentId: String(paid.id),
        amountCents: 8990,
        paidAt: new Date(paid.date_approved!).toISOString(),
        method: 'pix',
        externalReference: '4711',
        reguaReference: null,
        boletoNumber: null,
        pixTxid: null,
      },
    });
    const [request] = (await control.requests()).recent;
    expect(request).toMatchObject({ method: 'GET', path: `/v1/payments/${paid.id}`, status: 200 });
  });

  it('a pending boleto is found but not paid', async () => {
    const pending = await add({ status: 'pending', method: 'bolbradesco' });
    expect(lookedUpPayment((await client().payment(String(pending.id)))!)).toMatchObject({
      paid: false,
      status: 'pending',
      payment: { method: 'boleto' },
    });
  });

  it('answers null for an unknown payment (404 "Payment not found")', async () => {
    expect(await client().payment('99999999999')).toBeNull();
    expect(await client().payment('not-a-number')).toBeNull();
    expect((await control.requests()).recent.map((r) => r.status)).toEqual([404]);
  });

  it('a wrong token fails as unauthorized, without quoting the token and without retrying', async () => {
    const token = 'APP_USR-0000000000000000-000000-wrong-token-000';
    const error = await failure(client(token).payment('1'));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(error.message).toContain('invalid access token');
    expect(error.message).not.toContain(token);
    expect((await control.requests()).count).toBe(1);
  });

  it('waits out a 429 for its Retry-After, then reads the payment', async () => {
    const paid = await add({ status: 'approved' });
    await control.setFaults({ rateLimit: { limit: 1, windowMs: 500 } });
    expect(await client().payment(String(paid.id))).toMatchObject({ id: paid.id });
    expect(await client().payment(String(paid.id))).toMatchObject({ id: paid.id });
    // One 429 only: the retry waited for Retry-After (1 s, past the 500 ms window); the client's own
    // backoff (200 ms) would have hit the closed window again.
    const recent = (await control.requests()).recent;
    expect(recent.map((r) => r.status)).toEqual([200, 429, 200]);
  });

  it('retries 5xx answers, and fails as unavailable when they last', async () => {
    const paid = await add({ status: 'approved' });
    await control.setFaults({ error: { status: 503, body: { message: 'unavailable' } }, times: 2 });
    expect(await client().payment(String(paid.id))).toMatchObject({ id: paid.id });
    expect((await control.requests()).recent.map((r) => r.status)).toEqual([503, 503, 200]);

    await control.setFaults({
      error: {
        status: 500,
        body: { message: 'internal error', error: 'internal_error', status: 500, cause: [] },
      },
    });
    const error = await failure(client().payment(String(paid.id)));
    expect(error).toMatchObject({ kind: 'unavailable', status: 500 });
    expect(error.message).toContain('internal error');
  });
});

import { CommandBus } from '@nestjs/cqrs';
import { EscalateOverdueDebtsCommand } from '../../src/contexts/debt-escalation/application/escalate-overdue-debts/escalate-overdue-debts.command';
import { RabbitMqTransport } from '../../src/platform/messaging/transports/rabbitmq.transport';
import { MessageTransport } from '../../src/platform/messaging/transports/message-transport';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import { SimulatorControl, type IxcData, type MercadoPagoPayment } from '../../src/simulators';
import { tenantAdmin } from '../support/access-client';
import { BrokerNamespace } from '../support/broker';
import { eventually } from '../support/eventually';
import { PaymentsScenario, type BlockedDebtor } from '../support/payments-scenario';
import { startTestApp, type TestApp } from '../support/test-app';

const NEVER = '0 0 1 1 *';

/** Demo mode, real Postgres and RabbitMQ: signed payment webhooks, and pay to restore end to end. */
describe('payments (demo mode, RabbitMQ)', () => {
  const broker = new BrokerNamespace();
  let t: TestApp;
  let s: PaymentsScenario;
  let debtor: BlockedDebtor;
  let mpDebtor: BlockedDebtor;
  let caseDebtor: BlockedDebtor;
  let mercadopago: SimulatorControl;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        REGUA_MODE: 'demo',
        AMQP_URL: broker.url,
        AMQP_NAMESPACE: broker.prefix,
        ENFORCEMENT_CRON: NEVER,
        IXC_INCREMENTAL_CRON: NEVER,
        IXC_FULL_CRON: NEVER,
        IXC_AUTOMATION_CRON: NEVER,
        OUTBOX_POLL_INTERVAL_MS: '50',
      },
    });
    const demo = t.app.get(DemoEnvironment);
    const admin = await tenantAdmin(t, 'demo');
    s = new PaymentsScenario(
      t,
      admin.tenantId,
      admin.token,
      new SimulatorControl(demo.controlUrlOf('ixc')),
      new SimulatorControl(demo.controlUrlOf('magnus')),
    );
    mercadopago = new SimulatorControl(demo.controlUrlOf('mercadopago'));
    await s.firstMirror();
    await s.configure(demo.urls.mercadopago);
    const [user, mpUser, caseUser] = (await s.soleContractUsers()).slice(25, 28);
    const prepared = await s.blockedDebtor(user!);
    const receivableId = await prepared.add();
    const mpPrepared = await s.blockedDebtor(mpUser!);
    const mpReceivableId = await mpPrepared.add();
    const casePrepared = await s.blockedDebtor(caseUser!);
    // past the escalation threshold (90 days): its debt becomes a collection case
    const caseReceivableId = await casePrepared.add(120);
    await s.sync(['cliente_contrato', 'fn_areceber']);
    debtor = { ...prepared, receivableId };
    mpDebtor = { ...mpPrepared, receivableId: mpReceivableId };
    caseDebtor = { ...casePrepared, receivableId: caseReceivableId };
  }, 240_000);
  afterAll(async () => {
    const transport = t?.app.get(MessageTransport);
    if (transport instanceof RabbitMqTransport) broker.track(transport.declaredNames());
    await t?.close();
    await broker.cleanup();
  });

  it('a signed webhook for an overdue customer: messages cancelled, receivable written off, line restored', async () => {
    const pending = await eventually(
      async () =>
        (await s.schedules(debtor.customerId)).some((r) =>
          ['planned', 'deferred', 'queued'].includes(r.status),
        ),
      { timeoutMs: 30_000, description: 'the overdue debt to plan its messages' },
    );
    expect(pending).toBe(true);
    expect(await s.lineActive(debtor.magnusUserId)).toBe(4);

    // measured end to end by regua_payment_to_restore_seconds (below); its p95 target is the benchmark's
    const { body, header } = s.signed(debtor.receivableId);
    const res = await s.post(body, header);
    expect(res).toEqual({ status: 200, body: { received: true, outcome: 'matched' } });

    await eventually(async () => (await s.lineActive(debtor.magnusUserId)) === 1, {
      timeoutMs: 30_000,
      intervalMs: 100,
      description: 'the VoIP line to be unblocked in Magnus',
    });

    const schedules = await s.schedules(debtor.customerId);
    expect(schedules.filter((r) => ['planned', 'deferred', 'queued'].includes(r.status))).toEqual([]);
    expect(schedules.some((r) => r.status === 'cancelled' && r.status_reason === 'paid')).toBe(true);
    const receipts = (await s.ixc.data<IxcData>()).receipts.filter(
      (r) => String(r.receivableId) === debtor.receivableId,
    );
    expect(receipts).toHaveLength(1);

    const listed = await eventually(
      async () => {
        const page = await s.api<{ items: Array<{ receivableId: string; restoredAt: string | null }> }>(
          'GET',
          '/api/v1/payments?matched=true',
        );
        const mine = page.body.items.find((p) => p.receivableId === debtor.receivableId);
        return mine?.restoredAt ? mine : null;
      },
      { timeoutMs: 15_000, description: 'the payment to be marked restored' },
    );
    expect(listed.restoredAt).not.toBeNull();
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/regua_payments_total\{provider="regua",outcome="matched"\} [1-9]/);
    expect(metrics).toMatch(/regua_payment_to_restore_seconds_count [1-9]/);
  });

  it('a payment of the only debt of a collection case settles the case, and the line comes back', async () => {
    type CaseView = { id: string; contractId: string; state: string; openCents: number };
    const caseOf = async () => {
      const page = await s.api<{ items: CaseView[] }>('GET', '/api/v1/cases?limit=100');
      const found = page.body.items.find((c) => c.contractId === caseDebtor.contractId);
      return found ? (await s.api<CaseView>('GET', `/api/v1/cases/${found.id}`)).body : null;
    };
    // the debt reaches debt-escalation through the broker; the escalation job then opens its case
    const opened = await eventually(
      async () => {
        await t.app.get(CommandBus).execute(new EscalateOverdueDebtsCommand(s.tenantId));
        return await caseOf();
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'the collection case to open' },
    );
    expect(opened).toMatchObject({ state: 'open', openCents: 8_990 });

    const { body, header } = s.signed(caseDebtor.receivableId);
    expect((await s.post(body, header)).body).toEqual({ received: true, outcome: 'matched' });
    const settled = await eventually(async () => ((await caseOf())?.state === 'settled' ? caseOf() : null), {
      timeoutMs: 30_000,
      intervalMs: 100,
      description: 'the case to be settled',
    });
    expect(settled).toMatchObject({ state: 'settled', openCents: 0 });
    await eventually(async () => (await s.lineActive(caseDebtor.magnusUserId)) === 1, {
      timeoutMs: 30_000,
      intervalMs: 100,
      description: 'the VoIP line to be unblocked in Magnus',
    });
  });

  it('a signed Mercado Pago notification: looked up (retried past an outage), recorded once, line restored', async () => {
    const paid = await mercadopago.modify<MercadoPagoPayment>({
      action: 'addPayment',
      status: 'approved',
      amountCents: 8990,
      externalReference: mpDebtor.receivableId,
      method: 'pix',
    });
    const providerPaymentId = String(paid.id);
    type Listing = {
      items: Array<{ providerPaymentId: string; provider: string; matched: boolean; amountCents: number }>;
      lookups: Array<{
        providerPaymentId: string;
        status: string;
        attempts: number;
        lastError: string | null;
      }>;
    };
    const listing = async () => (await s.api<Listing>('GET', '/api/v1/payments?limit=100')).body;
    const announced = () =>
      s.db.query(
        `SELECT payload FROM messaging.outbox
          WHERE tenant_id = $1 AND routing_key = 'payments.payment.recorded.v1' AND payload->>'providerPaymentId' = $2`,
        [s.tenantId, providerPaymentId],
      ) as Promise<Array<{ payload: Record<string, unknown> }>>;

    // Mercado Pago's API is down: the webhook is answered at once, the lookup waits in the background.
    await mercadopago.setFaults({ error: { status: 503, body: { message: 'unavailable' } } });
    expect(await s.postMercadoPago(paid.id)).toEqual({
      status: 200,
      body: { received: true, outcome: 'lookup_needed' },
    });
    const waiting = await eventually(
      async () =>
        (await listing()).lookups.find((l) => l.providerPaymentId === providerPaymentId && l.attempts >= 1),
      { timeoutMs: 30_000, intervalMs: 50, description: 'a failed lookup listed for operators' },
    );
    expect(waiting).toMatchObject({
      status: 'lookup_needed',
      lastError: expect.stringContaining('unavailable'),
    });

    await mercadopago.clearFaults();
    const recorded = await eventually(
      async () => (await listing()).items.find((p) => p.providerPaymentId === providerPaymentId),
      { timeoutMs: 60_000, intervalMs: 100, description: 'the looked-up payment to be recorded' },
    );
    expect(recorded).toMatchObject({ provider: 'mercadopago', matched: true, amountCents: 8990 });
    expect((await listing()).lookups.some((l) => l.providerPaymentId === providerPaymentId)).toBe(false);
    expect(await announced()).toEqual([
      { payload: expect.objectContaining({ provider: 'mercadopago', receivableId: mpDebtor.receivableId }) },
    ]);

    // the same downstream effects as a Régua webhook: messages stop, IXC written off, the line comes back
    await eventually(async () => (await s.lineActive(mpDebtor.magnusUserId)) === 1, {
      timeoutMs: 30_000,
      intervalMs: 100,
      description: 'the VoIP line to be unblocked in Magnus',
    });
    const receipts = (await s.ixc.data<IxcData>()).receipts.filter(
      (r) => String(r.receivableId) === mpDebtor.receivableId,
    );
    expect(receipts).toHaveLength(1);

    // a replay, and another notification of the same payment: nothing recorded twice
    const count = await s.paymentCount();
    const again = await s.postMercadoPago(paid.id, { notificationId: 7_000_001 });
    expect(again.body.outcome).toBe('lookup_needed');
    expect((await s.postMercadoPago(paid.id, { notificationId: 7_000_001 })).body.outcome).toBe('duplicate');
    await eventually(
      async () => {
        const [row] = (await s.db.query(
          `SELECT outcome FROM payments.webhook_deliveries WHERE tenant_id = $1 AND event_id = '7000001'`,
          [s.tenantId],
        )) as Array<{ outcome: string }>;
        return row?.outcome === 'duplicate';
      },
      { timeoutMs: 30_000, description: 'the second notification to be looked up' },
    );
    expect(await s.paymentCount()).toBe(count);
    expect(await announced()).toHaveLength(1);
  });

  it('a Mercado Pago notification of a payment not approved records the status and pays nothing', async () => {
    const pending = await mercadopago.modify<MercadoPagoPayment>({
      action: 'addPayment',
      status: 'pending',
      amountCents: 8990,
      externalReference: debtor.receivableId,
      method: 'bolbradesco',
    });
    const count = await s.paymentCount();
    expect((await s.postMercadoPago(pending.id, { notificationId: 7_000_002 })).status).toBe(200);
    const settled = await eventually(
      async () => {
        const [row] = (await s.db.query(
          `SELECT outcome, provider_status FROM payments.webhook_deliveries WHERE tenant_id = $1 AND event_id = '7000002'`,
          [s.tenantId],
        )) as Array<{ outcome: string; provider_status: string | null }>;
        return row?.outcome !== 'lookup_needed' && row;
      },
      { timeoutMs: 30_000, description: 'the pending payment to be looked up' },
    );
    expect(settled).toEqual({ outcome: 'not_approved', provider_status: 'pending' });
    expect(await s.paymentCount()).toBe(count);
    const forged = await s.postMercadoPago(pending.id, { secret: 'not-the-mercadopago-secret' });
    expect(forged.status).toBe(401);
  });

  it('a replay, a stale timestamp, a bad signature and a body changed by one byte change nothing', async () => {
    const { body, header } = s.signed(debtor.receivableId, { eventId: 'evt_replayed' });
    expect((await s.post(body, header)).status).toBe(200);
    const before = await s.paymentCount();
    const receipts = (await s.ixc.data<IxcData>()).receipts.length;

    expect(await s.post(body, header)).toEqual({
      status: 200,
      body: { received: true, outcome: 'duplicate' },
    });
    const stale = s.signed(debtor.receivableId, { signedAt: Math.floor(Date.now() / 1000) - 301 });
    expect((await s.post(stale.body, stale.header)).status).toBe(401);
    const fresh = s.signed(debtor.receivableId);
    const forged = fresh.header.replace(/v1=[0-9a-f]{8}/, 'v1=00000000');
    const refused = await s.post(fresh.body, forged);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'PAYMENTS.BAD_SIGNATURE' });
    expect((await s.post(fresh.body, null)).status).toBe(401);
    const oneByte = Buffer.from(fresh.body);
    oneByte[oneByte.indexOf('8990')] = 0x39;
    expect((await s.post(oneByte, fresh.header)).status).toBe(401);

    expect(await s.paymentCount()).toBe(before);
    expect((await s.ixc.data<IxcData>()).receipts.length).toBe(receipts);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/regua_payments_total\{provider="regua",outcome="bad_signature"\} [2-9]/);
    expect(metrics).toMatch(/regua_payments_total\{provider="regua",outcome="stale_timestamp"\} [1-9]/);
  });

  it('two concurrent deliveries of one event record one payment', async () => {
    const before = await s.paymentCount();
    const { body, header } = s.signed('999999999', { eventId: 'evt_concurrent' });
    const answers = await Promise.all([s.post(body, header), s.post(body, header)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.outcome).sort()).toEqual(['duplicate', 'unmatched']);
    expect(await s.paymentCount()).toBe(before + 1);
    const unmatched = await s.api<{ items: Array<{ externalReference: string; matched: boolean }> }>(
      'GET',
      '/api/v1/payments?matched=false',
    );
    expect(unmatched.body.items.some((p) => p.externalReference === '999999999' && !p.matched)).toBe(true);
  });

  it('unknown tenants, unconfigured providers and non-JSON bodies are refused without a 5xx', async () => {
    const { body, header } = s.signed(debtor.receivableId);
    const send = (path: string, init: RequestInit = {}) =>
      fetch(`${t.url}/api/v1/webhooks/payments/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-regua-signature': header },
        body,
        ...init,
      });
    expect((await send(`regua/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await send(`regua/not-a-tenant`)).status).toBe(404);
    expect((await send(`asaas/${s.tenantId}`)).status).toBe(404);
    expect((await send(`paypal/${s.tenantId}`)).status).toBe(404);
    const text = await send(`regua/${s.tenantId}`, { headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });

  it('the payments integration refuses unknown settings, odd tolerances and short or unknown secrets', async () => {
    const put = (body: unknown) => s.api('PUT', '/api/v1/admin/integrations/payments', body);
    for (const body of [
      { settings: { toleranceSeconds: 1e12 } },
      { settings: { toleranceSeconds: '300' } },
      { settings: { provider: 'paypal' } },
      { secrets: { reguaSecret: 'short' } },
      { secrets: { stripeSecret: 'a-long-enough-secret-value' } },
    ]) {
      const res = await put(body);
      expect(res.status).toBe(422); // ACCESS.INVALID_ADMIN_INPUT, like a bad integration URL
      expect(res.text).toMatch(/payments|secrets|settings/);
    }
  });
});

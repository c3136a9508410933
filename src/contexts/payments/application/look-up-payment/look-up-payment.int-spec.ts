import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { IntegrationSecrets } from '../../../../platform/access/integrations/integration-secrets';
import { OutboundUrlPolicy } from '../../../../platform/access/outbound/outbound-url-policy';
import { Tenants } from '../../../../platform/access/tenants';
import {
  MERCADOPAGO_DEMO_CREDENTIALS,
  SimulatorControl,
  startSimulators,
  type MercadoPagoPayment,
  type SimulatorHost,
} from '../../../../simulators';
import { PaymentLookupRequestedEvent } from '../../domain/payment-lookup-requested.event';
import { LookupRepository } from '../ports/lookup.repository';
import { PaymentLookupFailedError } from '../ports/payment-lookups';
import { LookUpPaymentCommand } from './look-up-payment.command';

/** Through the command bus against real Postgres and the Mercado Pago simulator. */
describe('LookUpPaymentCommand', () => {
  let t: TestApp;
  let host: SimulatorHost;
  let mp: SimulatorControl;
  let tenantId: string;
  let db: DataSource;
  let next = 1;

  beforeAll(async () => {
    host = await startSimulators(['mercadopago'], { seed: 9 });
    mp = new SimulatorControl(host.controlUrlOf('mercadopago'));
    t = await startTestApp({ env: { ROLE: 'api', OUTBOX_RELAY_ENABLED: 'false' } });
    t.app.get(OutboundUrlPolicy).trust(host.urlOf('mercadopago'));
    ({ tenantId } = await tenantAdmin(t, 'payments-lookups'));
    db = t.app.get(DataSource);
    await t.app
      .get(Tenants)
      .setIntegration(tenantId, 'payments', { mercadopagoBaseUrl: host.urlOf('mercadopago') });
    await t.app
      .get(IntegrationSecrets)
      .put(tenantId, 'payments', { mercadopagoAccessToken: MERCADOPAGO_DEMO_CREDENTIALS.accessToken });
    await db.query(
      `INSERT INTO sync_ixc.receivables (tenant_id, id, customer_id, contract_id, status, released, amount_cents,
                                         open_cents, received_cents, due_date, row_hash)
       VALUES ($1, 601, 71, 81, 'A', true, 8990, 8990, 0, current_date - 10, 'h')`,
      [tenantId],
    );
  });
  afterAll(async () => {
    await t?.close();
    await host?.stop();
  });
  afterEach(() => mp.clearFaults());

  /** A verified notification of `paymentId`, stored as the webhook stores it. */
  const notified = async (paymentId: number) => {
    const eventId = `notification-${next++}`;
    const delivery = { tenantId, provider: 'mercadopago' as const, eventId };
    const request = new PaymentLookupRequestedEvent(tenantId, {
      provider: 'mercadopago',
      eventId,
      providerPaymentId: String(paymentId),
    });
    await t.app.get(LookupRepository).requestLookup(delivery, String(paymentId), request);
    return eventId;
  };
  const lookUp = (eventId: string, lastAttempt = false) =>
    t.app.get(CommandBus).execute(new LookUpPaymentCommand(tenantId, 'mercadopago', eventId, lastAttempt));
  const delivery = async (eventId: string) =>
    (
      (await db.query(
        `SELECT outcome, provider_status, lookup_attempts, lookup_error, payment_id FROM payments.webhook_deliveries
          WHERE tenant_id = $1 AND event_id = $2`,
        [tenantId, eventId],
      )) as Array<Record<string, unknown>>
    )[0];
  const payments = async (providerPaymentId: string) =>
    (await db.query(
      `SELECT id, receivable_id FROM payments.payments WHERE tenant_id = $1 AND provider_payment_id = $2`,
      [tenantId, providerPaymentId],
    )) as Array<{ id: string; receivable_id: string | null }>;
  const add = (fields: Record<string, unknown>) =>
    mp.modify<MercadoPagoPayment>({ action: 'addPayment', amountCents: 8990, ...fields });

  it('concurrent lookups of one delivery, and of two notifications of one payment, record it once', async () => {
    const paid = await add({ status: 'approved', externalReference: '601' });
    const first = await notified(paid.id);
    const second = await notified(paid.id);
    const outcomes = await Promise.all([first, first, second, second, first].map((e) => lookUp(e)));
    expect(outcomes.filter((o) => o === 'matched')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'matched').every((o) => o === null || o === 'duplicate')).toBe(true);
    const [recorded, ...others] = await payments(String(paid.id));
    expect(others).toEqual([]);
    expect(recorded).toMatchObject({ receivable_id: '601' });
    expect(await delivery(first)).toMatchObject({ payment_id: recorded!.id });
    expect(await delivery(second)).toMatchObject({ payment_id: recorded!.id });
    expect(await lookUp(first)).toBeNull();
  });

  it('an unknown payment settles the delivery as not_found; nothing is paid', async () => {
    const eventId = await notified(1);
    expect(await lookUp(eventId)).toBe('not_found');
    expect(await delivery(eventId)).toMatchObject({ outcome: 'not_found', lookup_attempts: 1 });
    expect(await payments('1')).toEqual([]);
  });

  it('a failed lookup is counted and thrown for a retry; the last one keeps the delivery as lookup_failed', async () => {
    const paid = await add({ status: 'approved', externalReference: '601' });
    const eventId = await notified(paid.id);
    await mp.setFaults({ error: { status: 502, body: '<html>bad gateway</html>' } });
    await expect(lookUp(eventId)).rejects.toBeInstanceOf(PaymentLookupFailedError);
    expect(await delivery(eventId)).toMatchObject({ outcome: 'lookup_needed', lookup_attempts: 1 });
    await expect(lookUp(eventId, true)).rejects.toBeInstanceOf(PaymentLookupFailedError);
    expect(await delivery(eventId)).toMatchObject({
      outcome: 'lookup_failed',
      lookup_attempts: 2,
      lookup_error: expect.stringContaining('HTTP 502'),
    });
    // a replayed dead letter finds the API back and records the payment
    await mp.clearFaults();
    expect(await lookUp(eventId)).toBe('matched');
    expect(await payments(String(paid.id))).toHaveLength(1);
  });
});

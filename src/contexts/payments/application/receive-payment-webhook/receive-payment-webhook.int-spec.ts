import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { IntegrationSecrets } from '../../../../platform/access/integrations/integration-secrets';
import { reguaSignatureHeader } from '../../domain/regua-signature';
import { ReceivePaymentWebhookCommand } from './receive-payment-webhook.command';

const SECRET = 'slice-secret';

/** Through the command bus against real Postgres: what a delivery records, and what it never does twice. */
describe('ReceivePaymentWebhookCommand', () => {
  let t: TestApp;
  let tenantId: string;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api', OUTBOX_RELAY_ENABLED: 'false' } });
    ({ tenantId } = await tenantAdmin(t, 'payments-slice'));
    db = t.app.get(DataSource);
    await t.app.get(IntegrationSecrets).put(tenantId, 'payments', { reguaSecret: SECRET });
    await db.query(
      `INSERT INTO sync_ixc.receivables (tenant_id, id, customer_id, contract_id, status, released, amount_cents,
                                         open_cents, received_cents, due_date, boleto_number, row_hash)
       VALUES ($1, 501, 77, 88, 'A', true, 8990, 8990, 0, current_date - 10, '00012345', 'h')`,
      [tenantId],
    );
  });
  afterAll(() => t?.close());

  const deliver = (body: object, options: { signedAt?: number; tamper?: (b: Buffer) => Buffer } = {}) => {
    const raw = Buffer.from(JSON.stringify(body));
    const signedAt = options.signedAt ?? Math.floor(Date.now() / 1000);
    const header = reguaSignatureHeader([SECRET], signedAt, raw);
    return t.app.get(CommandBus).execute(
      new ReceivePaymentWebhookCommand(tenantId, 'regua', {
        rawBody: options.tamper ? options.tamper(raw) : raw,
        headers: { 'x-regua-signature': header },
        query: {},
      }),
    );
  };
  const event = (data: Record<string, unknown>, id = `evt_${randomUUID()}`) => ({
    id,
    type: 'payment.received',
    data: { paymentId: `pay_${randomUUID()}`, amountCents: 8990, method: 'pix', ...data },
  });
  const count = async (table: string) =>
    Number(
      (
        (await db.query(`SELECT count(*) FROM payments.${table} WHERE tenant_id = $1`, [tenantId])) as Array<{
          count: string;
        }>
      )[0]!.count,
    );
  const outbox = async () =>
    Number(
      (
        (await db.query(
          `SELECT count(*) FROM messaging.outbox WHERE routing_key = 'payments.payment.recorded.v1' AND tenant_id = $1`,
          [tenantId],
        )) as Array<{ count: string }>
      )[0]!.count,
    );

  it('matches by external reference, by Régua reference and by boleto number; announces each once', async () => {
    const before = await outbox();
    expect(await deliver(event({ externalReference: '501' }))).toBe('matched');
    expect(await deliver(event({ reguaReference: 'REGUA-501' }))).toBe('matched');
    expect(await deliver(event({ externalReference: 'pedido-9', boletoNumber: '00012345' }))).toBe('matched');
    expect(await outbox()).toBe(before + 3);
    const rows = (await db.query(
      `SELECT matched_by, receivable_id, customer_id, contract_id FROM payments.payments
        WHERE tenant_id = $1 ORDER BY received_at`,
      [tenantId],
    )) as Array<Record<string, string>>;
    expect(rows.slice(-3).map((r) => r.matched_by)).toEqual(['receivableId', 'receivableId', 'boletoNumber']);
    expect(rows.at(-1)).toMatchObject({ receivable_id: '501', customer_id: '77', contract_id: '88' });
    // written in the same statement as the payment: a JSON object with its headers, keyed for ordering
    const [announced] = (await db.query(
      `SELECT payload, headers, ordering_key FROM messaging.outbox
        WHERE routing_key = 'payments.payment.recorded.v1' AND tenant_id = $1 ORDER BY seq DESC LIMIT 1`,
      [tenantId],
    )) as Array<{ payload: Record<string, unknown>; headers: Record<string, unknown>; ordering_key: string }>;
    expect(announced).toMatchObject({
      payload: { provider: 'regua', receivableId: '501', customerId: '77', amountCents: 8990 },
      headers: { type: 'PaymentRecordedEvent', tenantId },
      ordering_key: 'receivable:501',
    });
  });

  it('keeps an unmatched payment, announcing nothing', async () => {
    const before = await outbox();
    expect(await deliver(event({ externalReference: '999999' }))).toBe('unmatched');
    expect(await outbox()).toBe(before);
  });

  it('a replayed event and a second event of the same payment change nothing', async () => {
    const first = event({ externalReference: '501' });
    expect(await deliver(first)).toBe('matched');
    const [deliveries, payments, announced] = [
      await count('webhook_deliveries'),
      await count('payments'),
      await outbox(),
    ];
    expect(await deliver(first)).toBe('duplicate');
    expect(await deliver({ ...first, id: `evt_${randomUUID()}` })).toBe('duplicate');
    expect(await count('payments')).toBe(payments);
    expect(await count('webhook_deliveries')).toBe(deliveries + 1);
    expect(await outbox()).toBe(announced);
  });

  it('concurrent deliveries of one event record one payment', async () => {
    const once = event({ externalReference: '501' });
    const payments = await count('payments');
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => deliver(once)));
    expect(outcomes.filter((o) => o === 'matched')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(7);
    expect(await count('payments')).toBe(payments + 1);
  });

  it('a bad signature, a stale timestamp and a body changed by one byte store nothing', async () => {
    const [deliveries, payments] = [await count('webhook_deliveries'), await count('payments')];
    const body = event({ externalReference: '501' });
    await expect(deliver(body, { signedAt: Math.floor(Date.now() / 1000) - 301 })).rejects.toMatchObject({
      code: 'PAYMENTS.BAD_SIGNATURE',
    });
    const oneByte = (b: Buffer) => {
      const copy = Buffer.from(b);
      copy[copy.indexOf('8990')] = 0x39; // 8990 → 9990
      return copy;
    };
    await expect(deliver(body, { tamper: oneByte })).rejects.toMatchObject({
      code: 'PAYMENTS.BAD_SIGNATURE',
    });
    expect([await count('webhook_deliveries'), await count('payments')]).toEqual([deliveries, payments]);
  });

  it('an event Régua does not act on is acknowledged once and recorded as ignored', async () => {
    const refund = { id: `evt_${randomUUID()}`, type: 'payment.refunded', data: {} };
    expect(await deliver(refund)).toBe('ignored');
    expect(await deliver(refund)).toBe('duplicate');
  });
});

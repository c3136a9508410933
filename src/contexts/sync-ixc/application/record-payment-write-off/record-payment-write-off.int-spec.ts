import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { EnforcementSlice } from '../../../../../test/support/enforcement-slice';
import { Tenants } from '../../../../platform/access/tenants';
import { toInbound } from '../../../../platform/messaging/messages';
import type { IxcData } from '../../../../simulators';
import { PaymentRecordedEvent, type PaymentRecordedPayload } from '../../../payments/contracts';
import { WhenPaymentRecordedRefreshCustomerPolicy } from '../policies/when-payment-recorded-refresh-customer.policy';
import { RecordPaymentWriteOffCommand, type PaymentToWriteOff } from './record-payment-write-off.command';

/** Through the bus against real Postgres and the demo IXC simulator: a write-off is recorded once. */
describe('RecordPaymentWriteOffCommand', () => {
  let s: EnforcementSlice;

  beforeAll(async () => {
    s = await EnforcementSlice.start();
  });
  afterAll(() => s?.close());

  const settings = async (ixc: Record<string, unknown>) => {
    const tenants = s.get(Tenants);
    const current = (await tenants.integrations(s.tenantId)).ixc ?? {};
    await tenants.setIntegration(s.tenantId, 'ixc', { ...current, ...ixc });
  };
  const openReceivable = async () => {
    const contract = (await s.ixc.modify({ action: 'getRow', table: 'cliente_contrato', id: 1 })) as Record<
      string,
      string
    >;
    const row = (await s.ixc.modify({
      action: 'addReceivable',
      fields: {
        id_cliente: contract.id_cliente,
        id_contrato: '1',
        valor: '50.00',
        data_vencimento: '2026-11-01',
      },
    })) as Record<string, string>;
    return row.id!;
  };
  const payment = (receivableId: string): PaymentToWriteOff => ({
    paymentId: randomUUID(),
    receivableId,
    amountCents: 5_000,
    paidAt: '2026-12-03T12:00:00Z',
    method: 'pix',
    provider: 'regua',
    providerPaymentId: 'pay_1',
  });
  const writeOff = (p: PaymentToWriteOff) =>
    s.get(CommandBus).execute(new RecordPaymentWriteOffCommand(s.tenantId, p));
  const receipts = async (receivableId: string) =>
    (await s.ixc.data<IxcData>()).receipts.filter((r) => String(r.receivableId) === receivableId);

  it('does nothing unless the tenant enables it', async () => {
    await settings({ writeOffPayments: false });
    const id = await openReceivable();
    expect(await writeOff(payment(id))).toBe('disabled');
    expect(await receipts(id)).toEqual([]);
  });

  it('records the receipt in IXC once, however often the payment is handled', async () => {
    await settings({ writeOffPayments: true, writeOffAccountId: '3' });
    const id = await openReceivable();
    const p = payment(id);
    expect(await writeOff(p)).toBe('recorded');
    expect(await writeOff(p)).toBe('already_done');
    expect(await receipts(id)).toEqual([
      { id: expect.any(Number), receivableId: Number(id), cents: 5_000, date: '03/12/2026' },
    ]);
    const row = (await s.ixc.modify({ action: 'getRow', table: 'fn_areceber', id: Number(id) })) as Record<
      string,
      string
    >;
    expect(row).toMatchObject({ status: 'R', valor_aberto: '0.00', tipo_recebimento: 'Pix' });
  });

  it('a claim left sending by a crash is settled from IXC: a receivable already received is not paid twice', async () => {
    await settings({ writeOffPayments: true, writeOffAccountId: '3' });
    const id = await openReceivable();
    const p = payment(id);
    await s.db.query(
      `INSERT INTO sync_ixc.payment_write_offs (tenant_id, payment_id, receivable_id, status) VALUES ($1, $2, $3, 'sending')`,
      [s.tenantId, p.paymentId, id],
    );
    await s.ixc.modify({ action: 'markPaid', id: Number(id) });
    expect(await writeOff(p)).toBe('skipped');
    expect(await receipts(id)).toEqual([]);
    const [claim] = (await s.db.query(
      `SELECT status, detail FROM sync_ixc.payment_write_offs WHERE tenant_id = $1 AND payment_id = $2`,
      [s.tenantId, p.paymentId],
    )) as Array<{ status: string; detail: string }>;
    expect(claim).toEqual({ status: 'skipped', detail: 'IXC shows it R' });
  });

  it('a receivable IXC shows cancelled is skipped before any write', async () => {
    await settings({ writeOffPayments: true, writeOffAccountId: '3' });
    const id = await openReceivable();
    await s.ixc.modify({ action: 'cancelReceivable', id: Number(id) });
    expect(await writeOff(payment(id))).toBe('skipped');
    expect(await receipts(id)).toEqual([]);
  });

  it('payments that arrive together: each written off once, then their customer read again from IXC', async () => {
    await settings({ writeOffPayments: true, writeOffAccountId: '3' });
    const [first, second] = [await openReceivable(), await openReceivable()];
    const contract = (await s.ixc.modify({ action: 'getRow', table: 'cliente_contrato', id: 1 })) as Record<
      string,
      string
    >;
    const message = (receivableId: string) => {
      const payload: PaymentRecordedPayload = {
        ...payment(receivableId),
        receivableId,
        customerId: contract.id_cliente!,
        contractId: '1',
        dueDate: '2026-11-01',
        receivedAt: new Date().toISOString(),
      };
      const headers = {
        type: PaymentRecordedEvent.ROUTING_KEY,
        tenantId: s.tenantId,
        correlationId: randomUUID(),
        occurredAt: new Date().toISOString(),
      };
      return toInbound(randomUUID(), PaymentRecordedEvent.ROUTING_KEY, payload, headers, 1);
    };
    const policy = new WhenPaymentRecordedRefreshCustomerPolicy(s.get(CommandBus));
    const batch = [message(first), message(second)];
    await policy.handleBatch(batch);
    await policy.handleBatch(batch); // redelivered: nothing twice
    expect((await receipts(first)).length).toBe(1);
    expect((await receipts(second)).length).toBe(1);
    const mirrored = (await s.db.query(
      `SELECT id::text, status FROM sync_ixc.receivables WHERE tenant_id = $1 AND id = ANY($2::bigint[]) ORDER BY id`,
      [s.tenantId, [first, second]],
    )) as Array<{ id: string; status: string }>;
    expect(mirrored).toEqual([
      { id: first, status: 'R' },
      { id: second, status: 'R' },
    ]);
  });
});

import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { eventually } from '../../../../../test/support/eventually';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { Outbox } from '../../../../platform/messaging/outbox';
import type { IntegrationEvent } from '../../../../shared/ddd/domain-event';
import { addDays, localDate } from '../../../../shared/time/local-date';
import { toInbound } from '../../../../platform/messaging/messages';
import { PaymentRecordedEvent } from '../../../payments/contracts';
import { PaymentEventsConsumer } from '../../interface/messaging/payment-events.consumer';
import { ReceivableOverdueEvent } from '../../../sync-ixc/contracts';

/** A recorded payment, through the outbox and the transport to the policy, closes its debt at once. */
describe('notification-flow: a recorded payment closes its debt (CloseDebtCommand, reason paid)', () => {
  let t: TestApp;
  let db: DataSource;
  let tenantId: string;
  let today: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'worker', REGUA_MODE: 'demo', OUTBOX_POLL_INTERVAL_MS: '50' } });
    db = t.app.get(DataSource);
    tenantId = (await tenantAdmin(t, 'paid-debts')).tenantId;
    today = localDate(new Date(), 'America/Sao_Paulo');
  });
  afterAll(() => t?.close());

  const handled = async (event: IntegrationEvent, consumer: string) => {
    await db.transaction((tx) => t.app.get(Outbox).publish(tx, [event]));
    await eventually(
      async () =>
        (
          (await db.query(`SELECT 1 FROM messaging.inbox WHERE consumer = $1 AND message_id = $2`, [
            consumer,
            event.metadata.id,
          ])) as unknown[]
        ).length === 1,
      { description: `${event.routingKey} to be handled` },
    );
  };
  const schedules = async (debtorId: string) =>
    (await db.query(
      `SELECT id, status, status_reason FROM notification_flow.schedules WHERE tenant_id = $1 AND debtor_id = $2`,
      [tenantId, debtorId],
    )) as Array<{ id: string; status: string; status_reason: string | null }>;

  it('cancels the pending messages, the queued one included, with reason paid', async () => {
    const receivableId = '4242';
    const customerId = '4343';
    const dueDate = addDays(today, -10);
    await handled(
      new ReceivableOverdueEvent(tenantId, {
        receivableId,
        customerId,
        contractId: '11',
        dueDate,
        amountCents: 8_990,
        openCents: 8_990,
        daysOverdue: 10,
        updatedAt: '2026-11-20 09:00:00',
        customer: {
          name: 'CLIENTE PAGADOR',
          document: null,
          email: 'pagador@example.com',
          mobilePhone: null,
          whatsapp: null,
          personType: 'F',
        },
      }),
      'notification_flow.ixc_debts',
    );
    const debtorId = `ixc:${customerId}`;
    const pending = (await schedules(debtorId)).filter((s) => s.status === 'planned').map((s) => s.id);
    expect(pending.length).toBeGreaterThan(0);
    // one message already handed to its channel queue, not sent yet
    await db.query(`UPDATE notification_flow.schedules SET status = 'queued' WHERE id = $1`, [pending[0]]);

    await handled(
      new PaymentRecordedEvent(tenantId, {
        paymentId: randomUUID(),
        provider: 'regua',
        providerPaymentId: 'pay_1',
        amountCents: 8_990,
        paidAt: new Date().toISOString(),
        method: 'pix',
        receivableId,
        customerId,
        contractId: '11',
        dueDate,
        receivedAt: new Date().toISOString(),
      }),
      'notification_flow.payments',
    );
    const after = await schedules(debtorId);
    expect(after.filter((s) => ['planned', 'deferred', 'queued'].includes(s.status))).toEqual([]);
    const wasPending = after.filter((s) => pending.includes(s.id));
    expect(wasPending.every((s) => s.status === 'cancelled' && s.status_reason === 'paid')).toBe(true);
    const [debt] = (await db.query(
      `SELECT status FROM notification_flow.debts WHERE tenant_id = $1 AND id = $2`,
      [tenantId, `ixc:${receivableId}`],
    )) as Array<{ status: string }>;
    expect(debt?.status).toBe('paid');
  });

  it('a partial payment closes nothing: the debtor still owes the rest and the cadence goes on', async () => {
    const receivableId = '5252';
    const customerId = '5353';
    const dueDate = addDays(today, -10);
    await handled(
      new ReceivableOverdueEvent(tenantId, {
        receivableId,
        customerId,
        contractId: '12',
        dueDate,
        amountCents: 10_000,
        openCents: 10_000,
        daysOverdue: 10,
        updatedAt: '2026-11-20 09:00:00',
        customer: {
          name: 'CLIENTE PARCIAL',
          document: null,
          email: 'parcial@example.com',
          mobilePhone: null,
          whatsapp: null,
          personType: 'F',
        },
      }),
      'notification_flow.ixc_debts',
    );
    const debtorId = `ixc:${customerId}`;
    const pending = (await schedules(debtorId)).filter((s) => s.status === 'planned');
    expect(pending.length).toBeGreaterThan(0);
    await handled(
      new PaymentRecordedEvent(tenantId, {
        paymentId: randomUUID(),
        provider: 'regua',
        providerPaymentId: 'pay_partial',
        amountCents: 4_000,
        paidAt: new Date().toISOString(),
        method: 'pix',
        receivableId,
        customerId,
        contractId: '12',
        dueDate,
        openCents: 10_000,
        receivedAt: new Date().toISOString(),
      }),
      'notification_flow.payments',
    );
    expect((await schedules(debtorId)).filter((s) => s.status === 'planned')).toHaveLength(pending.length);
    const [debt] = (await db.query(
      `SELECT status FROM notification_flow.debts WHERE tenant_id = $1 AND id = $2`,
      [tenantId, `ixc:${receivableId}`],
    )) as Array<{ status: string }>;
    expect(debt?.status).toBe('open');
  });

  it('payments that arrive together close their debts at once and end the cycle of a debtor left owing nothing', async () => {
    const customerId = '6363';
    const dueDate = addDays(today, -10);
    const overdue = (receivableId: string) =>
      new ReceivableOverdueEvent(tenantId, {
        receivableId,
        customerId,
        contractId: '13',
        dueDate,
        amountCents: 5_000,
        openCents: 5_000,
        daysOverdue: 10,
        updatedAt: '2026-11-20 09:00:00',
        customer: {
          name: 'CLIENTE EM LOTE',
          document: null,
          email: 'lote@example.com',
          mobilePhone: null,
          whatsapp: null,
          personType: 'F',
        },
      });
    await handled(overdue('6161'), 'notification_flow.ixc_debts');
    await handled(overdue('6162'), 'notification_flow.ixc_debts');
    const debtorId = `ixc:${customerId}`;
    expect((await schedules(debtorId)).filter((s) => s.status === 'planned').length).toBeGreaterThan(0);
    const payment = (receivableId: string) => {
      const event = new PaymentRecordedEvent(tenantId, {
        paymentId: randomUUID(),
        provider: 'regua',
        providerPaymentId: `pay_${randomUUID()}`,
        amountCents: 5_000,
        paidAt: new Date().toISOString(),
        method: 'pix',
        receivableId,
        customerId,
        contractId: '13',
        dueDate,
        receivedAt: new Date().toISOString(),
      });
      return toInbound(
        event.metadata.id,
        event.routingKey,
        event.payload,
        {
          type: event.routingKey,
          tenantId,
          correlationId: randomUUID(),
          occurredAt: new Date().toISOString(),
        },
        1,
      );
    };
    const consumer = t.app.get(PaymentEventsConsumer);
    // the first debt alone leaves the cycle going; both (one of them twice) end it
    await db.transaction((tx) => consumer.handleBatch([payment('6161'), payment('6161')], tx));
    expect((await schedules(debtorId)).filter((s) => s.status === 'planned').length).toBeGreaterThan(0);
    await db.transaction((tx) => consumer.handleBatch([payment('6162'), payment('6161')], tx));
    const after = await schedules(debtorId);
    expect(after.filter((s) => ['planned', 'deferred', 'queued'].includes(s.status))).toEqual([]);
    expect(after.filter((s) => s.status === 'cancelled').every((s) => s.status_reason === 'paid')).toBe(true);
    const debts = (await db.query(
      `SELECT id, status FROM notification_flow.debts WHERE tenant_id = $1 AND debtor_id = $2 ORDER BY id`,
      [tenantId, debtorId],
    )) as Array<{ id: string; status: string }>;
    expect(debts).toEqual([
      { id: 'ixc:6161', status: 'paid' },
      { id: 'ixc:6162', status: 'paid' },
    ]);
  });
});

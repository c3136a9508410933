import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { eventually } from '../../../../../test/support/eventually';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { Outbox } from '../../../../platform/messaging/outbox';
import type { IntegrationEvent } from '../../../../shared/ddd/domain-event';
import { addDays, localDate } from '../../../../shared/time/local-date';
import {
  ReceivableOverdueEvent,
  ReceivablePaidEvent,
  type CustomerContact,
} from '../../../sync-ixc/contracts';

const CONSUMER = 'notification_flow.ixc_debts';

/**
 * Receivable events handled out of order (retry, replay, concurrent batches): the receivable's own
 * version decides, never arrival. Slice: events through the outbox and the transport to the consumer.
 */
describe('notification-flow: IXC receivable events in any order', () => {
  let t: TestApp;
  let db: DataSource;
  let tenantId: string;
  let today: string;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'worker', REGUA_MODE: 'demo', OUTBOX_POLL_INTERVAL_MS: '50' } });
    db = t.app.get(DataSource);
    tenantId = (await tenantAdmin(t, 'late-events')).tenantId;
    const [tenant] = (await db.query(`SELECT time_zone FROM access.tenants WHERE id = $1`, [
      tenantId,
    ])) as Array<{
      time_zone: string;
    }>;
    today = localDate(new Date(), tenant!.time_zone);
  });
  afterAll(async () => {
    await t?.close();
  });

  const receivable = () => {
    seq += 1;
    const customer: CustomerContact = {
      name: `CLIENTE ${seq}`,
      document: null,
      email: `cliente${seq}@example.com`,
      mobilePhone: null,
      whatsapp: null,
      personType: 'F',
    };
    return { receivableId: `77${seq}`, customerId: `88${seq}`, customer, debtor: `ixc:88${seq}` };
  };
  type Receivable = ReturnType<typeof receivable>;
  const base = (r: Receivable, dueDate: string, updatedAt: string | undefined) => ({
    receivableId: r.receivableId,
    customerId: r.customerId,
    contractId: null,
    dueDate,
    amountCents: 8_990,
    ...(updatedAt === undefined ? {} : { updatedAt }),
  });
  const overdue = (r: Receivable, dueDate: string, updatedAt?: string) =>
    new ReceivableOverdueEvent(tenantId, {
      ...base(r, dueDate, updatedAt),
      openCents: 8_990,
      daysOverdue: 10,
      customer: r.customer,
    });
  const paid = (r: Receivable, dueDate: string, updatedAt?: string) =>
    new ReceivablePaidEvent(tenantId, { ...base(r, dueDate, updatedAt), openCents: 0, paidAt: today });

  /** Publishes one event and waits until the consumer has handled it. */
  const handled = async (event: IntegrationEvent) => {
    await db.transaction((tx) => t.app.get(Outbox).publish(tx, [event]));
    await eventually(
      async () =>
        (
          (await db.query(`SELECT 1 FROM messaging.inbox WHERE consumer = $1 AND message_id = $2`, [
            CONSUMER,
            event.metadata.id,
          ])) as unknown[]
        ).length === 1,
      { description: `${event.routingKey} to be handled` },
    );
  };
  const debt = async (r: Receivable) =>
    (
      (await db.query(`SELECT status FROM notification_flow.debts WHERE tenant_id = $1 AND id = $2`, [
        tenantId,
        `ixc:${r.receivableId}`,
      ])) as Array<{ status: string }>
    )[0]?.status;
  const pending = async (r: Receivable) =>
    (
      (await db.query(
        `SELECT count(*)::int AS n FROM notification_flow.schedules
          WHERE tenant_id = $1 AND debtor_id = $2 AND status IN ('planned', 'deferred', 'queued')`,
        [tenantId, r.debtor],
      )) as Array<{ n: number }>
    )[0]!.n;

  it('a paid receivable handled before its (older) overdue stays closed, and nobody is messaged', async () => {
    const r = receivable();
    const due = addDays(today, -10);
    await handled(paid(r, due, '2026-11-20 10:00:05'));
    await handled(overdue(r, due, '2026-11-20 09:00:00'));
    expect(await debt(r)).toBe('paid');
    expect(await pending(r)).toBe(0);
  });

  it('a replayed overdue after the payment changes nothing; a newer version (payment reversed) reopens', async () => {
    const r = receivable();
    const due = addDays(today, -10);
    const first = overdue(r, due, '2026-11-20 09:00:00');
    await handled(first);
    expect(await pending(r)).toBe(3); // D+7 now, D+15 and D+30 ahead
    await handled(paid(r, due, '2026-11-21 08:30:00'));
    expect(await debt(r)).toBe('paid');
    expect(await pending(r)).toBe(0);

    // the same notice again (a retry or a replay is a new delivery of the old state)
    await handled(overdue(r, due, '2026-11-20 09:00:00'));
    expect(await debt(r)).toBe('paid');
    expect(await pending(r)).toBe(0);
    // a late payment event older than what is known does not close what a newer event opened
    await handled(overdue(r, due, '2026-11-22 14:00:00'));
    expect(await debt(r)).toBe('open');
    expect(await pending(r)).toBe(3);
    await handled(paid(r, due, '2026-11-21 08:30:00'));
    expect(await debt(r)).toBe('open');
    expect(await pending(r)).toBe(3);
  });

  it('without versions (events from before they were carried), only a later due date reopens', async () => {
    const r = receivable();
    const due = addDays(today, -10);
    await handled(paid(r, due));
    await handled(overdue(r, due));
    expect(await debt(r)).toBe('paid');
    expect(await pending(r)).toBe(0);

    await handled(overdue(r, addDays(today, -2)));
    expect(await debt(r)).toBe('open');
    expect(await pending(r)).toBeGreaterThan(0);
  });
});

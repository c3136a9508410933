import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { addDays, localDate } from '../../../../shared/time/local-date';
import { PlanCycleCommand } from '../plan-cycle/plan-cycle.command';
import { RecordDeliveryFeedbackCommand } from './record-delivery-feedback.command';

/** A stop-word reply opts the debtor out with its history line (slice: the command through the bus). */
describe('notification-flow: delivery feedback (replies and stop words)', () => {
  let t: TestApp;
  let db: DataSource;
  let tenantId: string;
  let today: string;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api', REGUA_MODE: 'demo' } });
    db = t.app.get(DataSource);
    tenantId = (await tenantAdmin(t, 'feedback')).tenantId;
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

  const bus = () => t.app.get(CommandBus);
  /** A debtor reachable on WhatsApp (stored with the 9th digit) with an open cycle. */
  const debtor = async () => {
    seq += 1;
    const debtorId = `ixc:fb${seq}`;
    const whatsapp = `+55799983${String(seq).padStart(5, '0')}`;
    await db.transaction((tx) =>
      bus().execute(
        new PlanCycleCommand(
          tenantId,
          {
            source: 'ixc',
            debtId: `ixc:fbr${seq}`,
            debtorId,
            contractId: null,
            description: `Fatura ${seq}`,
            dueDate: addDays(today, -10),
            amountCents: 5_000,
            openCents: 5_000,
            sourceUpdatedAt: null,
            debtor: { name: `Cliente ${seq}`, document: null, email: null, phone: null, whatsapp },
          },
          tx,
        ),
      ),
    );
    // Evolution may name the sender without the 9th digit
    const jid = `${whatsapp.slice(1, 5)}${whatsapp.slice(6)}@s.whatsapp.net`;
    return { debtorId, jid };
  };
  const reply = (jid: string, text: string, messageId: string) =>
    bus().execute(
      new RecordDeliveryFeedbackCommand(tenantId, [{ kind: 'inbound', remoteJid: jid, messageId, text }]),
    );
  const state = async (debtorId: string) => {
    const [d] = (await db.query(
      `SELECT opted_out_at IS NOT NULL AS opted_out FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2`,
      [tenantId, debtorId],
    )) as Array<{ opted_out: boolean }>;
    const history = (await db.query(
      `SELECT event FROM notification_flow.contact_history WHERE tenant_id = $1 AND debtor_id = $2 ORDER BY id`,
      [tenantId, debtorId],
    )) as Array<{ event: string }>;
    const [pending] = (await db.query(
      `SELECT count(*)::int AS n FROM notification_flow.schedules
        WHERE tenant_id = $1 AND debtor_id = $2 AND status IN ('planned', 'deferred', 'queued')`,
      [tenantId, debtorId],
    )) as Array<{ n: number }>;
    return { optedOut: d!.opted_out, events: history.map((h) => h.event), pending: pending!.n };
  };

  it('"SAIR" opts the debtor out and cancels what was pending; a redelivery changes nothing', async () => {
    const { debtorId, jid } = await debtor();
    expect((await state(debtorId)).pending).toBeGreaterThan(0);
    expect(await reply(jid, 'Sair', 'wamid-1')).toEqual({ acks: 0, replies: 0, optOuts: 1, ignored: 0 });
    const after = await state(debtorId);
    expect(after.optedOut).toBe(true);
    expect(after.pending).toBe(0);
    expect(after.events).toContain('opt_out');
    expect(after.events.filter((e) => e === 'reply')).toHaveLength(1);

    await reply(jid, 'Sair', 'wamid-1');
    expect(await state(debtorId)).toEqual(after);
  });

  it('another reply is recorded without opting out; unknown senders and messages are ignored', async () => {
    const { debtorId, jid } = await debtor();
    expect(await reply(jid, 'Já paguei', 'wamid-2')).toEqual({ acks: 0, replies: 1, optOuts: 0, ignored: 0 });
    const after = await state(debtorId);
    expect(after.optedOut).toBe(false);
    expect(after.events).toEqual(['reply']);
    expect(await reply('5511900000000@s.whatsapp.net', 'SAIR', 'wamid-3')).toMatchObject({ ignored: 1 });
    expect(
      await bus().execute(
        new RecordDeliveryFeedbackCommand(tenantId, [{ kind: 'ack', messageId: 'nope', status: 'READ' }]),
      ),
    ).toMatchObject({ acks: 0, ignored: 1 });
  });
});

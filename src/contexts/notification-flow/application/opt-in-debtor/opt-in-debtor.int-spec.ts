import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { addDays, localDate } from '../../../../shared/time/local-date';
import { DispatchDueSchedulesCommand } from '../dispatch-due-schedules/dispatch-due-schedules.command';
import type { OpenDebt } from '../../domain/debts';
import { PlanCycleCommand } from '../plan-cycle/plan-cycle.command';
import { OptOutDebtorCommand, type OptOutSource } from '../opt-out-debtor/opt-out-debtor.command';
import { OptInDebtorCommand } from './opt-in-debtor.command';

interface Row {
  step_key: string;
  status: string;
  status_reason: string | null;
  due_at: Date;
  planned_at: Date;
}

/** Opting back in plans the debtor's cycle again (slice: the commands through the bus, on real Postgres). */
describe('notification-flow: opt-in plans the open cycle again', () => {
  let t: TestApp;
  let db: DataSource;
  let tenantId: string;
  let timeZone: string;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api', REGUA_MODE: 'demo' } });
    db = t.app.get(DataSource);
    tenantId = (await tenantAdmin(t, 'opt-in')).tenantId;
    const [tenant] = (await db.query(`SELECT time_zone FROM access.tenants WHERE id = $1`, [
      tenantId,
    ])) as Array<{
      time_zone: string;
    }>;
    timeZone = tenant!.time_zone;
  });
  afterAll(async () => {
    await t?.close();
  });

  const bus = () => t.app.get(CommandBus);
  const optOut = (debtorId: string, source: OptOutSource, reason: string | null) =>
    bus().execute(new OptOutDebtorCommand(tenantId, debtorId, source, reason));
  const optIn = (debtorId: string) => bus().execute(new OptInDebtorCommand(tenantId, debtorId, null));
  const debt = (daysOverdue: number): OpenDebt => {
    seq += 1;
    return {
      source: 'ixc',
      debtId: `ixc:r${seq}`,
      debtorId: `ixc:c${seq}`,
      contractId: null,
      description: `Fatura ${seq}`,
      dueDate: addDays(localDate(new Date(), timeZone), -daysOverdue),
      amountCents: 5_000,
      openCents: 5_000,
      sourceUpdatedAt: null,
      debtor: {
        name: `Cliente ${seq}`,
        document: null,
        email: `c${seq}@mail.test`,
        phone: null,
        whatsapp: null,
      },
    };
  };
  const open = (d: OpenDebt) => db.transaction((tx) => bus().execute(new PlanCycleCommand(tenantId, d, tx)));
  const schedules = async (debtorId: string) =>
    new Map(
      (
        (await db.query(
          `SELECT step_key, status, status_reason, due_at, planned_at FROM notification_flow.schedules
            WHERE tenant_id = $1 AND debtor_id = $2 ORDER BY step_index`,
          [tenantId, debtorId],
        )) as Row[]
      ).map((r) => [r.step_key, r]),
    );

  it('plans the steps the opt-out cancelled again: those ahead at their time, the latest passed one now', async () => {
    const d = debt(10); // D+7 has passed (goes now), D-3 … D+3 missed, D+15 and D+30 ahead
    await open(d);
    const before = await schedules(d.debtorId);
    expect(before.get('D+7')).toMatchObject({ status: 'planned' });

    const out = await optOut(d.debtorId, 'operator', null);
    expect(out.schedules).toBe(3);
    expect([...(await schedules(d.debtorId)).values()].some((s) => s.status === 'planned')).toBe(false);

    const startedAt = Date.now();
    const back = await optIn(d.debtorId);
    expect(back).toMatchObject({ changed: true, schedules: 3, optedOutAt: null });
    const after = await schedules(d.debtorId);
    expect(after.get('D+7')).toMatchObject({ status: 'planned', status_reason: null });
    expect(after.get('D+7')!.due_at.getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(after.get('D+7')!.due_at.getTime()).toBeLessThanOrEqual(Date.now());
    for (const key of ['D+15', 'D+30']) {
      expect(after.get(key)).toMatchObject({ status: 'planned', status_reason: null });
      expect(after.get(key)!.due_at).toEqual(before.get(key)!.due_at);
    }
    for (const key of ['D-3', 'D0', 'D+3'])
      expect(after.get(key)).toMatchObject({ status: 'skipped', status_reason: 'missed' });

    // once is enough: opting in again changes nothing
    expect(await optIn(d.debtorId)).toMatchObject({
      changed: false,
      schedules: 0,
    });
  });

  it('plans again what the dispatcher cancelled because the debtor had opted out', async () => {
    const d = debt(10);
    await db.query(
      `INSERT INTO notification_flow.debtors (tenant_id, id, source, name, email) VALUES ($1, $2, 'ixc', 'X', $3)
       ON CONFLICT DO NOTHING`,
      [tenantId, d.debtorId, d.debtor!.email],
    );
    await optOut(d.debtorId, 'reply', 'SAIR');
    await open(d); // a debt arrives while opted out: planned, and cancelled when due
    await bus().execute(new DispatchDueSchedulesCommand());
    expect((await schedules(d.debtorId)).get('D+7')).toMatchObject({
      status: 'cancelled',
      status_reason: 'opted_out',
    });

    const back = await optIn(d.debtorId);
    expect(back.schedules).toBe(3); // D+7 again, D+15 and D+30 still planned
    expect((await schedules(d.debtorId)).get('D+7')).toMatchObject({ status: 'planned' });
  });

  it('starts a cycle for a debtor who owes but has none', async () => {
    const d = debt(10);
    await db.query(
      `INSERT INTO notification_flow.debtors (tenant_id, id, source, name, email, opted_out_at)
       VALUES ($1, $2, 'ixc', 'X', $3, now())`,
      [tenantId, d.debtorId, d.debtor!.email],
    );
    await db.query(
      `INSERT INTO notification_flow.debts (tenant_id, id, debtor_id, source, due_date, amount_cents, open_cents, status)
       VALUES ($1, $2, $3, 'ixc', $4, 5000, 5000, 'open')`,
      [tenantId, d.debtId, d.debtorId, d.dueDate],
    );
    const back = await optIn(d.debtorId);
    expect(back.schedules).toBe(3);
    expect((await schedules(d.debtorId)).get('D+7')).toMatchObject({ status: 'planned' });
  });
});

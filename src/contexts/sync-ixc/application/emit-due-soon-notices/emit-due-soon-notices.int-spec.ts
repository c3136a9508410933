import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { Tenants } from '../../../../platform/access/tenants';
import { addDays, localDate } from '../../../../shared/time/local-date';
import { ReceivableDueSoonEvent, ReceivableOverdueEvent } from '../../contracts/receivable-events';
import { EmitOverdueNoticesCommand } from '../emit-overdue-notices/emit-overdue-notices.command';
import { EmitDueSoonNoticesCommand } from './emit-due-soon-notices.command';

describe('receivable notices through the bus', () => {
  let t: TestApp;
  let tenantId: string;
  let today: string;
  let commands: CommandBus;
  const db = () => t.app.get(DataSource);

  const noticed = async (routingKey: string): Promise<Array<[string, string]>> =>
    (
      (await db().query(
        `SELECT payload FROM messaging.outbox WHERE tenant_id = $1 AND routing_key = $2
          ORDER BY payload->>'receivableId', payload->>'dueDate'`,
        [tenantId, routingKey],
      )) as Array<{ payload: { receivableId: string; dueDate: string } }>
    ).map(({ payload }) => [payload.receivableId, payload.dueDate]);

  const setDueDate = (id: number, due: string) =>
    db().query(`UPDATE sync_ixc.receivables SET due_date = $3 WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      id,
      due,
    ]);

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api', IXC_DUE_SOON_DAYS: '5' } });
    ({ tenantId } = await tenantAdmin(t, 'notices-slice'));
    commands = t.app.get(CommandBus);
    today = localDate(new Date(), await t.app.get(Tenants).timeZone(tenantId));
    // 201 due in 2 days, 202 due in 9 days (outside the window), 203 overdue by 4 days, 204 unreleased.
    for (const [id, inDays, released] of [
      [201, 2, true],
      [202, 9, true],
      [203, -4, true],
      [204, 1, false],
    ] as const) {
      await db().query(
        `INSERT INTO sync_ixc.receivables (tenant_id, id, customer_id, status, released, amount_cents, open_cents,
                                           received_cents, due_date, row_hash)
         VALUES ($1, $2, 7, 'A', $3, 9990, 9990, 0, $4, 'h')`,
        [tenantId, id, released, addDays(today, inDays)],
      );
    }
  });
  afterAll(() => t?.close());

  it('emits due-soon once per receivable and due date inside the window, and overdue once', async () => {
    expect(await commands.execute(new EmitDueSoonNoticesCommand(tenantId))).toBe(1);
    expect(await commands.execute(new EmitDueSoonNoticesCommand(tenantId))).toBe(0);
    expect(await commands.execute(new EmitOverdueNoticesCommand(tenantId))).toBe(1);
    expect(await commands.execute(new EmitOverdueNoticesCommand(tenantId))).toBe(0);

    await setDueDate(201, addDays(today, 4));
    await setDueDate(202, addDays(today, 5));
    expect(await commands.execute(new EmitDueSoonNoticesCommand(tenantId))).toBe(2);

    expect(await noticed(ReceivableDueSoonEvent.ROUTING_KEY)).toEqual([
      ['201', addDays(today, 2)],
      ['201', addDays(today, 4)],
      ['202', addDays(today, 5)],
    ]);
    expect(await noticed(ReceivableOverdueEvent.ROUTING_KEY)).toEqual([['203', addDays(today, -4)]]);
  });
});

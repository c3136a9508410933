import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { Tenants } from '../../../../platform/access/tenants';
import { addDays, localDate } from '../../../../shared/time/local-date';
import { ReceivableOverdueThresholdReachedEvent } from '../../contracts/receivable-events';
import { DryRunOverdueAutomationQuery } from '../dry-run-overdue-automation/dry-run-overdue-automation.query';
import { SaveAutomationSettingsCommand } from '../save-automation-settings/save-automation-settings.command';
import { RunOverdueAutomationCommand } from './run-overdue-automation.command';

describe('the overdue automation through the bus', () => {
  let t: TestApp;
  let tenantId: string;
  let commands: CommandBus;
  let queries: QueryBus;

  const thresholdEvents = async (): Promise<Array<{ receivableId: string; thresholdDays: number }>> =>
    (
      (await t.app
        .get(DataSource)
        .query(
          `SELECT payload FROM messaging.outbox WHERE tenant_id = $1 AND routing_key = $2 ORDER BY payload->>'receivableId'`,
          [tenantId, ReceivableOverdueThresholdReachedEvent.ROUTING_KEY],
        )) as Array<{ payload: { receivableId: string; thresholdDays: number } }>
    ).map(({ payload }) => ({ receivableId: payload.receivableId, thresholdDays: payload.thresholdDays }));

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api' } });
    ({ tenantId } = await tenantAdmin(t, 'automation-slice'));
    commands = t.app.get(CommandBus);
    queries = t.app.get(QueryBus);
    const today = localDate(new Date(), await t.app.get(Tenants).timeZone(tenantId));
    // 101: 25 days overdue, 102: 5 days overdue, 103: 30 days overdue but paid.
    for (const [id, daysOverdue, openCents] of [
      [101, 25, 9990],
      [102, 5, 5000],
      [103, 30, 0],
    ] as const) {
      await t.app.get(DataSource).query(
        `INSERT INTO sync_ixc.receivables (tenant_id, id, customer_id, status, released, amount_cents, open_cents,
                                           received_cents, due_date, row_hash)
         VALUES ($1, $2, 7, 'A', true, 9990, $3::int8, 9990 - $3::int8, $4, 'h')`,
        [tenantId, id, openCents, addDays(today, -daysOverdue)],
      );
    }
  });
  afterAll(() => t?.close());

  it('fires each open receivable past the threshold once, and again only for a new threshold', async () => {
    const before = await queries.execute(new DryRunOverdueAutomationQuery(tenantId));
    expect(before).toMatchObject({ thresholdDays: 20, enabled: true, actions: ['event'], total: 1 });
    expect(before.items.map((c) => [c.receivableId, c.daysOverdue])).toEqual([['101', 25]]);

    const first = await commands.execute(new RunOverdueAutomationCommand(tenantId));
    expect(first).toEqual({ fired: 1, ticketsCreated: 0, ticketsPending: 0, ticketsFailed: 0 });
    expect((await commands.execute(new RunOverdueAutomationCommand(tenantId))).fired).toBe(0);
    expect(await thresholdEvents()).toEqual([{ receivableId: '101', thresholdDays: 20 }]);
    expect((await queries.execute(new DryRunOverdueAutomationQuery(tenantId))).total).toBe(0);

    const saved = await commands.execute(new SaveAutomationSettingsCommand(tenantId, { thresholdDays: 3 }));
    expect(saved).toMatchObject({ thresholdDays: 3, enabled: true, emitEvent: true, openTicket: false });
    expect((await commands.execute(new RunOverdueAutomationCommand(tenantId))).fired).toBe(2);
    expect(await thresholdEvents()).toEqual([
      { receivableId: '101', thresholdDays: 20 },
      { receivableId: '101', thresholdDays: 3 },
      { receivableId: '102', thresholdDays: 3 },
    ]);
  });
});

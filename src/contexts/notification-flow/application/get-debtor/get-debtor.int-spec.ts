import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { addDays, localDate } from '../../../../shared/time/local-date';
import { DebtorNotFoundError } from '../../notification-flow.errors';
import { GetDebtorHistoryQuery } from '../get-debtor-history/get-debtor-history.query';
import { GetNotificationStatsQuery } from '../get-notification-stats/get-notification-stats.query';
import { PlanCycleCommand } from '../plan-cycle/plan-cycle.command';
import { GetDebtorQuery } from './get-debtor.query';

/** The operators' reads (slice: the queries through the bus, on real Postgres), scoped to one tenant. */
describe('notification-flow: operator queries', () => {
  let t: TestApp;
  let tenantA: string;
  let tenantB: string;
  let today: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api', REGUA_MODE: 'demo' } });
    tenantA = (await tenantAdmin(t, 'reads-a')).tenantId;
    tenantB = (await tenantAdmin(t, 'reads-b')).tenantId;
    const [tenant] = (await t.app
      .get(DataSource)
      .query(`SELECT time_zone FROM access.tenants WHERE id = $1`, [tenantA])) as Array<{
      time_zone: string;
    }>;
    today = localDate(new Date(), tenant!.time_zone);
    await t.app.get(DataSource).transaction((tx) =>
      t.app.get(CommandBus).execute(
        new PlanCycleCommand(
          tenantA,
          {
            source: 'ixc',
            debtId: 'ixc:q1',
            debtorId: 'ixc:qc1',
            contractId: '9',
            description: 'Fatura q1',
            dueDate: addDays(today, -10),
            amountCents: 7_000,
            openCents: 7_000,
            sourceUpdatedAt: null,
            debtor: {
              name: 'Maria Leitora',
              document: null,
              email: 'maria@example.com',
              phone: null,
              whatsapp: null,
            },
          },
          tx,
        ),
      ),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const ask = <T>(query: Parameters<QueryBus['execute']>[0]) =>
    t.app.get(QueryBus).execute(query) as Promise<T>;

  it('a debtor with its open debts and pending schedules', async () => {
    const detail = await t.app.get(QueryBus).execute(new GetDebtorQuery(tenantA, 'ixc:qc1'));
    expect(detail.debtor).toMatchObject({ id: 'ixc:qc1', name: 'Maria Leitora', email: 'maria@example.com' });
    expect(detail.openDebts).toEqual([
      expect.objectContaining({ id: 'ixc:q1', contractId: '9', openCents: 7_000, status: 'open' }),
    ]);
    expect(detail.pendingSchedules).toHaveLength(3);
    expect(detail.pendingSchedules.every((s) => s.status === 'planned' && s.channel === 'email')).toBe(true);
  });

  it('another tenant’s debtor is not found (404), nor is its history', async () => {
    await expect(ask(new GetDebtorQuery(tenantB, 'ixc:qc1'))).rejects.toBeInstanceOf(DebtorNotFoundError);
    await expect(
      ask(new GetDebtorHistoryQuery(tenantB, 'ixc:qc1', { limit: 10, offset: 0 })),
    ).rejects.toBeInstanceOf(DebtorNotFoundError);
    expect(
      await t.app
        .get(QueryBus)
        .execute(new GetDebtorHistoryQuery(tenantA, 'ixc:qc1', { limit: 10, offset: 0 })),
    ).toEqual({ items: [], total: 0 });
  });

  it('stats count what is pending in the tenant’s time zone', async () => {
    const to = new Date();
    const stats = await t.app
      .get(QueryBus)
      .execute(new GetNotificationStatsQuery(tenantA, new Date(to.getTime() - 86_400_000), to));
    expect(stats.pending).toEqual({ planned: 3, deferred: 0, queued: 0, sending: 0 });
    expect(stats.timeZone).toBe('America/Sao_Paulo');
    expect(stats.days.some((d) => d.missed > 0)).toBe(true);
    const other = await t.app
      .get(QueryBus)
      .execute(new GetNotificationStatsQuery(tenantB, new Date(to.getTime() - 86_400_000), to));
    expect(other.pending.planned).toBe(0);
  });
});

import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { ListPaymentsQuery } from '../list-payments/list-payments.query';
import { MeasureRestoreCommand } from './measure-restore.command';

/** Through the bus against real Postgres: a line back marks its newest payment restored, once. */
describe('MeasureRestoreCommand', () => {
  let t: TestApp;
  let tenantId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api' } });
    ({ tenantId } = await tenantAdmin(t, 'measure-restore'));
    const insert = (id: string, contract: string, secondsAgo: number) =>
      t.app.get(DataSource).query(
        `INSERT INTO payments.payments (tenant_id, provider, provider_payment_id, event_id, amount_cents,
                                        receivable_id, contract_id, received_at)
         VALUES ($1, 'regua', $2, $2, 100, '1', $3, now() - make_interval(secs => $4))`,
        [tenantId, id, contract, secondsAgo],
      );
    await insert('older', '50', 60);
    await insert('newer', '50', 4);
  });
  afterAll(() => t?.close());

  const restored = async () => {
    const { items } = await t.app
      .get(QueryBus)
      .execute(new ListPaymentsQuery(tenantId, { matched: true, limit: 10, offset: 0 }));
    return Object.fromEntries(items.map((p) => [p.providerPaymentId, p.restoredAt !== null]));
  };

  it('marks the newest waiting payment of the contract, and a second unblock the next one only', async () => {
    await t.app.get(CommandBus).execute(new MeasureRestoreCommand(tenantId, '50', new Date()));
    expect(await restored()).toEqual({ older: false, newer: true });
    await t.app.get(CommandBus).execute(new MeasureRestoreCommand(tenantId, '51', new Date()));
    expect(await restored()).toEqual({ older: false, newer: true });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/regua_payment_to_restore_seconds_count 1\b/);
  });
});

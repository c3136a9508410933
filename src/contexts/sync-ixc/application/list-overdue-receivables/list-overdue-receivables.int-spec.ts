import { QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { ListOverdueReceivablesQuery } from '../../contracts/list-overdue-receivables.query';

describe('ListOverdueReceivablesQuery (sync-ixc contract)', () => {
  let t: TestApp;
  let tenantId: string;
  let otherTenantId: string;

  const receivable = (tenant: string, id: number, daysAgo: number, status = 'A', open = 5000) =>
    t.app.get(DataSource).query(
      `INSERT INTO sync_ixc.receivables (tenant_id, id, customer_id, contract_id, status, released, amount_cents,
                                         open_cents, received_cents, due_date, row_hash)
       VALUES ($1, $2, 1, 10, $4, true, 5000, $5, 0, (now() AT TIME ZONE 'America/Sao_Paulo')::date - $3::int, 'h')`,
      [tenant, id, daysAgo, status, open],
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api' } });
    ({ tenantId } = await tenantAdmin(t, 'overdue-list'));
    ({ tenantId: otherTenantId } = await tenantAdmin(t, 'overdue-other'));
    await t.app.get(DataSource).query(
      `INSERT INTO sync_ixc.customers (tenant_id, id, name, document, document_valid, active, row_hash)
       VALUES ($1, 1, 'Maria Silva', '12345678909', true, true, 'h')`,
      [tenantId],
    );
    await receivable(tenantId, 1, 120);
    await receivable(tenantId, 2, 90);
    await receivable(tenantId, 3, 89);
    await receivable(tenantId, 4, 200, 'R', 0);
    await receivable(tenantId, 5, 95);
    await receivable(otherTenantId, 6, 300);
  });
  afterAll(() => t?.close());

  const list = (minDays: number, page = {}) =>
    t.app.get(QueryBus).execute(new ListOverdueReceivablesQuery(tenantId, minDays, page));

  it('lists the open receivables at least N days overdue, with their customer, tenant by tenant', async () => {
    const result = await list(90);
    expect(result.items.map((r) => [r.receivableId, r.daysOverdue])).toEqual([
      ['1', 120],
      ['2', 90],
      ['5', 95],
    ]);
    expect(result.items[0]).toMatchObject({
      customerId: '1',
      contractId: '10',
      openCents: 5000,
      customer: { name: 'Maria Silva', document: '12345678909' },
    });
    expect(result.next).toBeNull();
  });

  it('pages by receivable id', async () => {
    const first = await list(90, { limit: 2 });
    expect(first.items.map((r) => r.receivableId)).toEqual(['1', '2']);
    const second = await list(90, { limit: 2, afterReceivableId: first.next });
    expect(second.items.map((r) => r.receivableId)).toEqual(['5']);
    expect(await list(90, { afterReceivableId: 'not-an-id' })).toEqual({ items: [], next: null });
  });
});

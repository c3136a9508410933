import { QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { ListPaymentsQuery } from './list-payments.query';

describe('ListPaymentsQuery', () => {
  let t: TestApp;
  let tenantId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api' } });
    ({ tenantId } = await tenantAdmin(t, 'list-payments'));
    const { tenantId: other } = await tenantAdmin(t, 'list-payments-other');
    const insert = (tenant: string, id: string, receivable: string | null, secondsAgo: number) =>
      t.app.get(DataSource).query(
        `INSERT INTO payments.payments (tenant_id, provider, provider_payment_id, event_id, amount_cents, receivable_id,
                                        received_at)
         VALUES ($1, 'asaas', $2, $2, 100, $3, now() - make_interval(secs => $4))`,
        [tenant, id, receivable, secondsAgo],
      );
    await insert(tenantId, 'a', '1', 30);
    await insert(tenantId, 'b', null, 20);
    await insert(tenantId, 'c', '3', 10);
    await insert(other, 'z', null, 5);
  });
  afterAll(() => t?.close());

  const list = (matched: boolean | undefined, limit = 10, offset = 0) =>
    t.app.get(QueryBus).execute(new ListPaymentsQuery(tenantId, { matched, limit, offset }));
  const ids = async (...args: Parameters<typeof list>) =>
    (await list(...args)).items.map((p) => p.providerPaymentId);

  it('lists the tenant’s payments newest first, filtered by matched, paged, with the total', async () => {
    expect(await ids(undefined)).toEqual(['c', 'b', 'a']);
    expect(await ids(false)).toEqual(['b']);
    expect(await ids(true)).toEqual(['c', 'a']);
    expect(await list(undefined, 1, 1)).toMatchObject({
      total: 3,
      items: [{ providerPaymentId: 'b', matched: false }],
    });
  });
});

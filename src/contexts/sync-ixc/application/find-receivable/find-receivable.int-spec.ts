import { QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { FindReceivableQuery } from '../../contracts/find-receivable.query';

describe('FindReceivableQuery', () => {
  let t: TestApp;
  let tenantId: string;
  let other: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api' } });
    ({ tenantId } = await tenantAdmin(t, 'find-receivable'));
    ({ tenantId: other } = await tenantAdmin(t, 'find-receivable-other'));
    const insert = (tenant: string, id: number, boleto: string | null, pix: string | null, due: string) =>
      t.app.get(DataSource).query(
        `INSERT INTO sync_ixc.receivables (tenant_id, id, customer_id, contract_id, status, released, amount_cents,
                                           open_cents, received_cents, due_date, boleto_number, pix_txid, row_hash)
         VALUES ($1, $2, 9, 19, 'A', true, 5000, 5000, 0, $5, $3, $4, 'h')`,
        [tenant, id, boleto, pix, due],
      );
    await insert(tenantId, 10, '0001', null, '2026-10-10');
    await insert(tenantId, 11, '0001', 'txid-11', '2026-11-10'); // a reused nosso número: the newest wins
    await insert(other, 12, '0002', 'txid-12', '2026-11-10');
  });
  afterAll(() => t?.close());

  const find = (tenant: string, keys: FindReceivableQuery['keys']) =>
    t.app.get(QueryBus).execute(new FindReceivableQuery(tenant, keys));

  it.each([
    [{ receivableId: '10' }, '10', 'receivableId'],
    [{ receivableId: '999', boletoNumber: '0001' }, '11', 'boletoNumber'],
    [{ pixTxid: 'txid-11' }, '11', 'pixTxid'],
  ])('%j → receivable %s by %s', async (keys, id, by) => {
    expect(await find(tenantId, keys)).toMatchObject({
      receivableId: id,
      customerId: '9',
      contractId: '19',
      amountCents: 5000,
      openCents: 5000,
      status: 'A',
      matchedBy: by,
    });
  });

  it('never finds another tenant’s receivable, nor anything for malformed keys', async () => {
    expect(await find(tenantId, { receivableId: '12', boletoNumber: '0002', pixTxid: 'txid-12' })).toBeNull();
    expect(await find(tenantId, { receivableId: '1e3' })).toBeNull();
    expect(await find(tenantId, { receivableId: '99999999999999999999' })).toBeNull();
    expect(await find(tenantId, { boletoNumber: 'x'.repeat(100) })).toBeNull();
  });
});

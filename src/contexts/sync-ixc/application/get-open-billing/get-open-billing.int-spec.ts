import { QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { GetOpenBillingQuery, type OpenBillingFilter, type OpenBillingPage } from './get-open-billing.query';

const CUSTOMERS = [
  { id: 1, name: 'Jéssica Conceição Araújo', mobile: '+5511987654321', landline: null },
  { id: 2, name: 'JOÃO PEDRO ÁVILA', mobile: null, landline: '+557933334444' },
  { id: 3, name: 'Maria Silva', mobile: '+5521999990000', landline: null },
];

describe('open-billing search', () => {
  let t: TestApp;
  let tenantId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api' } });
    ({ tenantId } = await tenantAdmin(t, 'search'));
    const db = t.app.get(DataSource);
    for (const c of CUSTOMERS) {
      await db.query(
        `INSERT INTO sync_ixc.customers (tenant_id, id, name, document, document_valid, active, mobile_phone, landline, row_hash)
         VALUES ($1, $2, $3, $4, true, true, $5, $6, 'h')`,
        [tenantId, c.id, c.name, `1234567890${c.id}`, c.mobile, c.landline],
      );
      await db.query(
        `INSERT INTO sync_ixc.receivables (tenant_id, id, customer_id, status, released, amount_cents, open_cents,
                                           received_cents, due_date, row_hash)
         VALUES ($1, $2, $2, 'A', true, 9990, 9990, 0, current_date - 30, 'h')`,
        [tenantId, c.id],
      );
    }
  });
  afterAll(() => t?.close());

  async function found(search: string): Promise<string[]> {
    const filter: OpenBillingFilter = { search, sort: 'customer', order: 'asc', limit: 50, offset: 0 };
    const json = await t.app.get(QueryBus).execute(new GetOpenBillingQuery(tenantId, filter));
    const page = JSON.parse(json) as OpenBillingPage;
    return page.items.map((item) => item.customer.id);
  }

  it.each([
    ['jessica', ['1']],
    ['JESSICA CONCEICAO', ['1']],
    ['conceição', ['1']],
    ['araujo', ['1']],
    ['joao pedro avila', ['2']],
    ['João', ['2']],
    ['silva', ['3']],
    ['jessika', []],
  ])('finds names whatever their accents and case: %s', async (search, ids) => {
    expect(await found(search)).toEqual(ids);
  });

  it.each([
    ['(11) 98765-4321', ['1']],
    ['11987654321', ['1']],
    ['+55 11 98765 4321', ['1']],
    ['98765-4321', ['1']],
    ['(79) 3333-4444', ['2']],
    ['99999-0000', ['3']],
    ['(11) 91111-2222', []],
  ])('finds phone numbers by their digits, typed with or without formatting: %s', async (search, ids) => {
    expect(await found(search)).toEqual(ids);
  });

  it('still finds customers by the start of their CPF/CNPJ', async () => {
    expect(await found('123.456.789-03')).toEqual(['3']);
  });
});

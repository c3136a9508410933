import { QueryBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { Tenants } from '../../../../platform/access/tenants';
import { addDays, localDate } from '../../../../shared/time/local-date';
import { ListOverdueInstallmentsQuery } from '../../contracts/list-overdue-installments.query';
import { DebtorNotFoundError } from '../../debtor-sync.errors';
import { GetDebtorQuery } from '../get-debtor/get-debtor.query';
import type { DebtorList } from '../ports/debtors.read-model';
import { ListDebtorsQuery } from './list-debtors.query';

/** The debtors read model through the bus, on rows seeded straight into `debtor_sync`. */
describe('clinic debtors read model through the bus', () => {
  let t: TestApp;
  let tenantId: string;
  let queries: QueryBus;
  let today: string;
  const clinicId = randomUUID();
  const page = { limit: 20, offset: 0 };

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api' } });
    ({ tenantId } = await tenantAdmin(t, 'debtors-slice'));
    queries = t.app.get(QueryBus);
    today = localDate(new Date(), await t.app.get(Tenants).timeZone(tenantId));
    const db = t.app.get(DataSource);
    await db.query(
      `INSERT INTO debtor_sync.clinics (tenant_id, id, external_id, name, coverage) VALUES ($1, $2, 1, 'Clínica A', 'covered')`,
      [tenantId, clinicId],
    );
    // 11: two overdue (10 and 45 days) and one paid; 12: one due in the future only; 13: a minor 100 days overdue.
    for (const [id, name, cpf, birth] of [
      [11, 'Ana Souza', '52998224725', '1980-01-01'],
      [12, 'Bruno Lima', null, '1990-01-01'],
      [13, 'Carla Criança', null, addDays(today, -3650)],
    ] as const) {
      await db.query(
        `INSERT INTO debtor_sync.patients (tenant_id, id, clinic_id, name, cpf, cpf_valid, birth_date, row_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'h')`,
        [tenantId, id, clinicId, name, cpf, cpf !== null, birth],
      );
      await db.query(
        `INSERT INTO debtor_sync.contracts (tenant_id, id, clinic_id, patient_id, status, friendly_dunning, row_hash)
         VALUES ($1, $2, $3, $2, 'active', true, 'h')`,
        [tenantId, id, clinicId],
      );
    }
    for (const [id, patient, days, cents, status] of [
      [101, 11, -10, 10000, 'open'],
      [102, 11, -45, 5000, 'open'],
      [103, 11, -80, 7000, 'paid'],
      [104, 12, 20, 9000, 'open'],
      [105, 13, -100, 3000, 'open'],
    ] as const) {
      await db.query(
        `INSERT INTO debtor_sync.installments (tenant_id, id, clinic_id, contract_id, patient_id, number, due_date,
           amount_cents, raw_status, status, row_hash)
         VALUES ($1, $2, $3, $4, $4, 1, $5, $6, 'x', $7, 'h')`,
        [tenantId, id, clinicId, patient, addDays(today, days), cents, status],
      );
    }
  });
  afterAll(() => t?.close());

  it('lists debtors with open installments past due, with summary and aging', async () => {
    const list: DebtorList = await queries.execute(new ListDebtorsQuery(tenantId, page));
    expect(list.items.map((i) => [i.id, i.openCents, i.daysOverdue, i.minor])).toEqual([
      ['13', 3000, 100, true],
      ['11', 15000, 45, false],
    ]);
    expect(list.summary).toMatchObject({ openCents: 18000, debtors: 2, overdueInstallments: 3 });
    expect(list.summary.aging).toEqual([
      { bucket: '1-30', installments: 1, openCents: 10000 },
      { bucket: '31-60', installments: 1, openCents: 5000 },
      { bucket: '61-90', installments: 0, openCents: 0 },
      { bucket: '91-180', installments: 1, openCents: 3000 },
      { bucket: '181+', installments: 0, openCents: 0 },
    ]);
  });

  it('filters by days overdue, name and CPF prefix', async () => {
    const over60: DebtorList = await queries.execute(
      new ListDebtorsQuery(tenantId, { ...page, minDaysOverdue: 60 }),
    );
    expect(over60.items.map((i) => i.id)).toEqual(['13']);
    const byName: DebtorList = await queries.execute(new ListDebtorsQuery(tenantId, { ...page, q: 'souza' }));
    expect(byName.items.map((i) => i.id)).toEqual(['11']);
    const byCpf: DebtorList = await queries.execute(
      new ListDebtorsQuery(tenantId, { ...page, q: '529.982' }),
    );
    expect(byCpf.items.map((i) => i.id)).toEqual(['11']);
    expect(byCpf.summary.openCents).toBe(15000);
  });

  it('gets one debtor with contracts and installments; an unknown id is DebtorNotFoundError', async () => {
    const debtor = await queries.execute(new GetDebtorQuery(tenantId, '11'));
    expect(debtor).toMatchObject({ id: '11', cpf: '52998224725', openCents: 15000, minor: false });
    expect(debtor.contracts[0].installments.map((i: { id: string }) => i.id)).toEqual(['103', '102', '101']);
    await expect(queries.execute(new GetDebtorQuery(tenantId, '999'))).rejects.toBeInstanceOf(
      DebtorNotFoundError,
    );
  });

  it('answers the overdue-installments contract query by days overdue, paged by installment id', async () => {
    const all = await queries.execute(new ListOverdueInstallmentsQuery(tenantId, 30));
    expect(
      all.map((i: { installmentId: string; daysOverdue: number }) => [i.installmentId, i.daysOverdue]),
    ).toEqual([
      ['102', 45],
      ['105', 100],
    ]);
    expect(all[0]).toMatchObject({
      debtorId: '11',
      contractId: '11',
      patientCpf: '52998224725',
      openCents: 5000,
    });
    const next = await queries.execute(new ListOverdueInstallmentsQuery(tenantId, 30, 1, '102'));
    expect(next.map((i: { installmentId: string }) => i.installmentId)).toEqual(['105']);
  });
});

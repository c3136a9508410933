import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { addDays } from '../../../../shared/time/local-date';
import {
  ClinicCoverageRepository,
  type CoveredClinic,
} from '../../application/ports/clinic-coverage.repository';
import { DebtorMirrorRepository, FirstLoad } from '../../application/ports/debtor-mirror.repository';
import type { InstallmentRow, MappedEntry, PatientRow } from '../../domain/mirror-rows';
import { daysBetween } from '../../../../shared/time/local-date';
import { contactOf, installmentPayload } from './event-payloads';

const TODAY = '2026-12-08';

function patient(id: string, clinicId: string): PatientRow {
  return {
    id,
    clinicId,
    name: `Paciente ${id}`,
    cpf: null,
    cpfValid: false,
    birthDate: '1980-01-01',
    email: null,
    mobilePhone: '+5511987654321',
    homePhone: null,
    workPhone: null,
    contactName: null,
    contactPhone: null,
    responsibleName: null,
    responsiblePhone: null,
    responsibleEmail: null,
    responsibleRelation: null,
  };
}

function entry(
  clinicId: string,
  patientId: string,
  contractId: string,
  installmentIds: string[],
): MappedEntry {
  const installments: InstallmentRow[] = installmentIds.map((id, i) => ({
    id,
    clinicId,
    contractId,
    patientId,
    number: i + 1,
    dueDate: addDays(TODAY, -10 - i),
    amountCents: 15_000,
    rawStatus: 'Em aberto',
    status: 'open',
    paymentMethod: null,
  }));
  return {
    patient: patient(patientId, clinicId),
    contract: {
      id: contractId,
      clinicId,
      patientId,
      version: 1,
      status: 'active',
      friendlyDunning: true,
      paymentMethod: null,
      totalCents: 30_000,
    },
    installments,
    rejected: 0,
  };
}

/** A first load reads back only what it wrote itself; what it wrote in an earlier page is compared as usual. */
describe('a clinic first load (real Postgres)', () => {
  let t: TestApp;
  let mirror: DebtorMirrorRepository;
  let db: DataSource;
  let clinic: CoveredClinic;
  const options = { onlyOpenOrKnown: false, today: TODAY, dueSoonDays: 5 };

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api' } });
    const { tenantId } = await tenantAdmin(t, 'first-load');
    mirror = t.app.get(DebtorMirrorRepository);
    db = t.app.get(DataSource);
    ({ clinic } = await t.app.get(ClinicCoverageRepository).register(tenantId, {
      externalId: '9001',
      name: 'Clínica Primeira Carga',
      corporateName: null,
      cnpj: null,
      active: true,
      timeZone: 'America/Sao_Paulo',
    }));
  });
  afterAll(() => t?.close());

  const overdueNotices = async () =>
    (
      (await db.query(
        `SELECT payload->>'installmentId' AS id FROM messaging.outbox
          WHERE tenant_id = $1 AND routing_key = 'debtor_sync.installment.overdue.v1' ORDER BY 1`,
        [clinic.tenantId],
      )) as Array<{ id: string }>
    ).map((r) => r.id);

  it('counts each row once and announces each overdue installment once across pages', async () => {
    expect(await mirror.holdsClinic(clinic.tenantId, clinic.id)).toBe(false);
    const firstLoad = new FirstLoad();
    const page1 = await mirror.writePage(
      clinic.tenantId,
      clinic,
      [entry(clinic.id, '501', '601', ['701', '702'])],
      { ...options, firstLoad },
    );
    expect(page1).toMatchObject({
      patients: { inserted: 1, updated: 0, unchanged: 0 },
      contracts: { inserted: 1 },
      installments: { inserted: 2 },
      events: 2,
    });
    expect(await mirror.holdsClinic(clinic.tenantId, clinic.id)).toBe(true);
    // The same patient with a second contract, and an installment of page 1 again (as a second pass sees it).
    const page2 = await mirror.writePage(
      clinic.tenantId,
      clinic,
      [entry(clinic.id, '501', '602', ['703']), entry(clinic.id, '501', '601', ['701', '702'])],
      { ...options, firstLoad },
    );
    expect(page2).toMatchObject({
      patients: { inserted: 0, updated: 0, unchanged: 1 },
      contracts: { inserted: 1, unchanged: 1 },
      installments: { inserted: 1, updated: 0, unchanged: 2 },
      events: 1,
    });
    expect(await overdueNotices()).toEqual(['701', '702', '703']);
    const [{ n }] = (await db.query(
      `SELECT count(*)::int AS n FROM debtor_sync.installments WHERE tenant_id = $1`,
      [clinic.tenantId],
    )) as [{ n: number }];
    expect(n).toBe(3);
  });

  it('a page that rolled back is not taken as written', async () => {
    const firstLoad = new FirstLoad();
    const bad = entry(clinic.id, '502', '603', ['704']);
    // a clinic id that is not a uuid fails the write inside its transaction
    bad.contract.clinicId = 'not-a-uuid';
    await expect(
      mirror.writePage(clinic.tenantId, clinic, [bad], { ...options, firstLoad }),
    ).rejects.toThrow();
    expect(firstLoad.mayBeStored('patients', ['502'])).toEqual([]);
    expect(firstLoad.mayBeStored('installments', ['704'])).toEqual([]);
  });

  it('builds each notice in Postgres exactly as the JS payload builders do (minor, responsible, consent)', async () => {
    const firstLoad = new FirstLoad();
    const minor = entry(clinic.id, '510', '610', ['710']);
    // 18 years old tomorrow: still a minor today; the payer is the responsible person
    minor.patient.birthDate = '2008-12-09';
    Object.assign(minor.patient, {
      mobilePhone: null,
      contactPhone: '+5511911112222',
      email: 'mae@example.com',
      cpf: '52998224725',
      responsibleName: 'Ana Mãe',
      responsiblePhone: '+5511933334444',
      responsibleEmail: null,
      responsibleRelation: 'Mãe',
    });
    const adult = entry(clinic.id, '511', '611', ['711']);
    adult.patient.birthDate = '2008-12-08'; // 18 today
    adult.contract.friendlyDunning = false;
    adult.contract.status = 'dunning_disabled';
    const dueSoon = entry(clinic.id, '512', '612', ['712']);
    dueSoon.installments[0]!.dueDate = addDays(TODAY, 3);
    dueSoon.patient.birthDate = null;
    const entries = [minor, adult, dueSoon];
    await mirror.writePage(clinic.tenantId, clinic, entries, { ...options, firstLoad });
    const rows = (await db.query(
      `SELECT payload, headers, ordering_key, routing_key FROM messaging.outbox
        WHERE tenant_id = $1 AND payload->>'installmentId' = ANY($2::text[])`,
      [clinic.tenantId, ['710', '711', '712']],
    )) as Array<{
      payload: { installmentId: string; version: string };
      headers: Record<string, unknown>;
      ordering_key: string;
      routing_key: string;
    }>;
    expect(rows).toHaveLength(3);
    for (const e of entries) {
      const row = e.installments[0]!;
      const stored = rows.find((r) => r.payload.installmentId === row.id)!;
      const contact = contactOf(e.patient, e.contract.friendlyDunning, TODAY);
      const base = installmentPayload(clinic, row, contact, stored.payload.version);
      const overdue = row.dueDate < TODAY;
      expect(stored.payload).toEqual(
        overdue
          ? { ...base, daysOverdue: daysBetween(row.dueDate, TODAY) }
          : { ...base, daysUntilDue: daysBetween(TODAY, row.dueDate) },
      );
      expect(stored.routing_key).toBe(
        overdue ? 'debtor_sync.installment.overdue.v1' : 'debtor_sync.installment.due_soon.v1',
      );
      expect(stored.ordering_key).toBe(`installment:${row.id}`);
      expect(stored.headers).toMatchObject({
        type: overdue ? 'InstallmentOverdueEvent' : 'InstallmentDueSoonEvent',
        tenantId: clinic.tenantId,
      });
      expect(typeof stored.headers.correlationId).toBe('string');
      expect(Date.parse(String(stored.headers.occurredAt))).not.toBeNaN();
      expect(stored.payload.version).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
    }
    expect(rows.find((r) => r.payload.installmentId === '710')!.payload).toMatchObject({
      patient: {
        minor: true,
        mobilePhone: '+5511911112222',
        whatsapp: null,
        responsible: { name: 'Ana Mãe' },
      },
    });
    expect(rows.find((r) => r.payload.installmentId === '711')!.payload).toMatchObject({
      patient: { minor: false, consent: false, responsible: null },
    });
  });
});

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DebtorsReadModel,
  type AgingBucket,
  type DebtorDetail,
  type DebtorFilter,
  type DebtorList,
  type DebtorSummaryItem,
} from '../../application/ports/debtors.read-model';
import type { OverdueInstallment } from '../../contracts/list-overdue-installments.query';
import { isMinor } from '../../domain/minor';

const BUCKETS = ['1-30', '31-60', '61-90', '91-180', '181+'];

/**
 * Debtors of covered (or paused) clinics: patients with open installments past due. `$2` is today in the
 * tenant's calendar; filters narrow both the list and its summary.
 */
const OVERDUE = `
  SELECT i.patient_id, i.clinic_id, i.amount_cents, i.due_date, ($2::date - i.due_date) AS days
    FROM debtor_sync.installments i
    JOIN debtor_sync.clinics k ON k.tenant_id = i.tenant_id AND k.id = i.clinic_id AND k.coverage <> 'ended'
   WHERE i.tenant_id = $1 AND i.status = 'open' AND i.due_date < $2::date
     AND ($3::uuid IS NULL OR i.clinic_id = $3)`;

@Injectable()
export class TypeormDebtorsReadModel extends DebtorsReadModel {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async list(tenantId: string, today: string, filter: DebtorFilter): Promise<DebtorList> {
    const q = filter.q?.trim() ?? '';
    const digits = q.replace(/\D/g, '');
    const params = [
      tenantId,
      today,
      filter.clinicId ?? null,
      filter.minDaysOverdue ?? 1,
      q === '' ? null : `%${q}%`,
      digits.length >= 3 ? `${digits}%` : null,
    ];
    const debtors = `
      WITH o AS (${OVERDUE}),
      d AS (
        SELECT o.patient_id, min(o.clinic_id::text)::uuid AS clinic_id, count(*)::int AS installments,
               sum(o.amount_cents)::bigint AS open_cents, min(o.due_date) AS oldest, max(o.days)::int AS days
          FROM o GROUP BY o.patient_id HAVING max(o.days) >= $4)
      SELECT d.*, to_char(d.oldest, 'YYYY-MM-DD') AS oldest_day, p.name, p.cpf, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, k.name AS clinic_name
        FROM d
        JOIN debtor_sync.patients p ON p.tenant_id = $1 AND p.id = d.patient_id
        JOIN debtor_sync.clinics k ON k.tenant_id = $1 AND k.id = d.clinic_id
       WHERE ($5::text IS NULL OR p.name ILIKE $5 OR ($6::text IS NOT NULL AND p.cpf LIKE $6))`;
    const items = (await this.dataSource.query(
      `${debtors} ORDER BY d.days DESC, d.patient_id LIMIT $7 OFFSET $8`,
      [...params, filter.limit, filter.offset],
    )) as Array<Record<string, string | number | null>>;
    const [totals] = (await this.dataSource.query(
      `SELECT count(*)::int AS debtors, coalesce(sum(open_cents), 0)::bigint AS open_cents,
              coalesce(sum(installments), 0)::int AS installments FROM (${debtors}) x`,
      params,
    )) as Array<{ debtors: number; open_cents: string; installments: number }>;
    const aging = (await this.dataSource.query(
      `WITH o AS (${OVERDUE}), x AS (${debtors})
       SELECT CASE WHEN o.days <= 30 THEN '1-30' WHEN o.days <= 60 THEN '31-60' WHEN o.days <= 90 THEN '61-90'
                   WHEN o.days <= 180 THEN '91-180' ELSE '181+' END AS bucket,
              count(*)::int AS installments, sum(o.amount_cents)::bigint AS open_cents
         FROM o JOIN x ON x.patient_id = o.patient_id GROUP BY 1`,
      params,
    )) as Array<{ bucket: string; installments: number; open_cents: string }>;
    const byBucket = new Map(aging.map((a) => [a.bucket, a]));
    return {
      summary: {
        openCents: Number(totals!.open_cents),
        debtors: totals!.debtors,
        overdueInstallments: totals!.installments,
        aging: BUCKETS.map((bucket): AgingBucket => ({
          bucket,
          installments: byBucket.get(bucket)?.installments ?? 0,
          openCents: Number(byBucket.get(bucket)?.open_cents ?? 0),
        })),
      },
      items: items.map((r): DebtorSummaryItem => ({
        id: String(r.patient_id),
        name: String(r.name),
        cpf: (r.cpf as string | null) ?? null,
        clinicId: String(r.clinic_id),
        clinicName: String(r.clinic_name),
        minor: isMinor((r.birth_date as string | null) ?? null, today),
        overdueInstallments: Number(r.installments),
        openCents: Number(r.open_cents),
        oldestDueDate: String(r.oldest_day),
        daysOverdue: Number(r.days),
      })),
      total: totals!.debtors,
    };
  }

  async get(tenantId: string, today: string, id: string): Promise<DebtorDetail | null> {
    const [p] = (await this.dataSource.query(
      `SELECT p.*, to_char(p.birth_date, 'YYYY-MM-DD') AS birth, k.name AS clinic_name, k.external_id::text AS clinic_external,
              k.coverage, k.id::text AS clinic
         FROM debtor_sync.patients p JOIN debtor_sync.clinics k ON k.tenant_id = p.tenant_id AND k.id = p.clinic_id
        WHERE p.tenant_id = $1 AND p.id = $2`,
      [tenantId, id],
    )) as Array<Record<string, string | null>>;
    if (!p) return null;
    const contracts = (await this.dataSource.query(
      `SELECT id::text AS id, version, status, friendly_dunning AS "friendlyDunning", payment_method AS "paymentMethod",
              total_cents::int AS "totalCents"
         FROM debtor_sync.contracts WHERE tenant_id = $1 AND patient_id = $2 ORDER BY id`,
      [tenantId, id],
    )) as Array<Omit<DebtorDetail['contracts'][number], 'installments'>>;
    const installments = (await this.dataSource.query(
      `SELECT id::text AS id, contract_id::text AS "contractId", number, to_char(due_date, 'YYYY-MM-DD') AS "dueDate",
              amount_cents::int AS "amountCents", status, raw_status AS "rawStatus",
              CASE WHEN status = 'open' AND due_date < $3::date THEN ($3::date - due_date) ELSE 0 END AS "daysOverdue"
         FROM debtor_sync.installments WHERE tenant_id = $1 AND patient_id = $2 ORDER BY due_date, id`,
      [tenantId, id, today],
    )) as Array<DebtorDetail['contracts'][number]['installments'][number] & { contractId: string }>;
    const openCents = installments
      .filter((i) => i.status === 'open' && i.daysOverdue > 0)
      .reduce((sum, i) => sum + i.amountCents, 0);
    return {
      id,
      name: p.name!,
      cpf: p.cpf ?? null,
      birthDate: p.birth ?? null,
      minor: isMinor(p.birth ?? null, today),
      email: p.email ?? null,
      phones: {
        mobile: p.mobile_phone ?? null,
        home: p.home_phone ?? null,
        work: p.work_phone ?? null,
        contact: p.contact_phone ?? null,
      },
      contactName: p.contact_name ?? null,
      responsible: p.responsible_name
        ? {
            name: p.responsible_name,
            phone: p.responsible_phone ?? null,
            email: p.responsible_email ?? null,
            relation: p.responsible_relation ?? null,
          }
        : null,
      clinic: { id: p.clinic!, name: p.clinic_name!, externalId: p.clinic_external!, coverage: p.coverage! },
      openCents,
      contracts: contracts.map((c) => ({
        ...c,
        installments: installments
          .filter((i) => i.contractId === c.id)
          .map(({ contractId: _contract, ...i }) => i),
      })),
    };
  }

  overdue(
    tenantId: string,
    today: string,
    minDaysOverdue: number,
    limit: number,
    afterInstallmentId: string | null,
  ): Promise<OverdueInstallment[]> {
    return this.dataSource.query(
      `SELECT i.patient_id::text AS "debtorId", i.contract_id::text AS "contractId", i.id::text AS "installmentId",
              i.clinic_id::text AS "clinicId", k.name AS "clinicName", to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate",
              ($2::date - i.due_date) AS "daysOverdue", i.amount_cents::int AS "openCents",
              p.name AS "patientName", p.cpf AS "patientCpf"
         FROM debtor_sync.installments i
         JOIN debtor_sync.clinics k ON k.tenant_id = i.tenant_id AND k.id = i.clinic_id AND k.coverage = 'covered'
         JOIN debtor_sync.patients p ON p.tenant_id = i.tenant_id AND p.id = i.patient_id
        WHERE i.tenant_id = $1 AND i.status = 'open' AND i.due_date <= $2::date - $3::int
          AND ($4::bigint IS NULL OR i.id > $4)
        ORDER BY i.id LIMIT $5`,
      [tenantId, today, minDaysOverdue, afterInstallmentId, limit],
    ) as Promise<OverdueInstallment[]>;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AGING_BUCKETS, formatBrl } from '../../domain/aging';
import {
  OpenBillingReadModel,
  type OpenBillingFilter,
  type OpenBillingItem,
  type OpenBillingSummary,
  type OpenBillingWhere,
} from '../../application/ports/open-billing.read-model';
import { foldedSql, MIN_PHONE_DIGITS } from './search-folding';

const SORTS: Record<OpenBillingFilter['sort'], string> = {
  dueDate: 'r.due_date',
  daysOverdue: 'r.due_date',
  openAmount: 'r.open_cents',
  customer: 'c.name',
};

// Joins only when a filter needs them: the summary then reads the open-receivables index alone.
const JOIN_CUSTOMERS = `LEFT JOIN sync_ixc.customers c ON c.tenant_id = r.tenant_id AND c.id = r.customer_id`;
const JOIN_CONTRACTS = `LEFT JOIN sync_ixc.contracts k ON k.tenant_id = r.tenant_id AND k.id = r.contract_id`;
const DAYS = `($2::date - r.due_date)`;

/** The open-billing read model over the mirror tables. */
@Injectable()
export class TypeormOpenBillingReadModel extends OpenBillingReadModel {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async summary(tenantId: string, today: string, filter: OpenBillingWhere): Promise<OpenBillingSummary> {
    const { params, whereClause } = this.where(tenantId, today, filter);
    const filterJoins = [
      filter.search ? JOIN_CUSTOMERS : '',
      filter.contractStatus || filter.internetStatus ? JOIN_CONTRACTS : '',
    ];
    const buckets = AGING_BUCKETS.map(
      (b) =>
        `count(*) FILTER (WHERE ${DAYS} BETWEEN ${b.from} AND ${b.to ?? 1_000_000}) AS "c_${b.key}",
         coalesce(sum(r.open_cents) FILTER (WHERE ${DAYS} BETWEEN ${b.from} AND ${b.to ?? 1_000_000}), 0) AS "s_${b.key}"`,
    );
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS total_open,
              count(*) FILTER (WHERE ${DAYS} >= 20)::int AS over_20_days,
              to_char(min(r.due_date), 'YYYY-MM-DD') AS oldest_due_date,
              coalesce(sum(r.open_cents), 0)::text AS open_cents,
              ${buckets.join(',\n')}
         FROM sync_ixc.receivables r ${filterJoins.join(' ')} ${whereClause}`,
      params,
    )) as Array<Record<string, string | number | null>>;
    return this.toSummary(row ?? {}, today);
  }

  async items(tenantId: string, today: string, filter: OpenBillingFilter): Promise<OpenBillingItem[]> {
    const { params, whereClause } = this.where(tenantId, today, filter);
    const from = `sync_ixc.receivables r ${JOIN_CUSTOMERS} ${JOIN_CONTRACTS} ${whereClause}`;
    const direction = filter.order === 'desc' ? 'DESC' : 'ASC';
    // Days overdue grow as the due date gets older: sorting by them is sorting by due date reversed.
    const sortDirection = filter.sort === 'daysOverdue' ? (direction === 'ASC' ? 'DESC' : 'ASC') : direction;
    const rows = (await this.dataSource.query(
      `SELECT r.id::text AS "receivableId", r.status, to_char(r.due_date, 'YYYY-MM-DD') AS "dueDate",
              ${DAYS} AS "daysOverdue", r.amount_cents::text AS "amountCents", r.open_cents::text AS "openCents",
              r.branch_id AS "branchId", r.customer_id::text AS "customerId", c.name AS "customerName",
              c.document AS "customerDocument", c.mobile_phone AS "customerMobile",
              k.id::text AS "contractId", k.status AS "contractStatus", k.internet_status AS "internetStatus"
         FROM ${from}
        ORDER BY ${SORTS[filter.sort]} ${sortDirection} NULLS LAST, r.id ${sortDirection}
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    )) as Array<Record<string, string | number | null>>;
    return rows.map((row) => this.toItem(row));
  }

  /** `$1` is the tenant, `$2` today; the filter's values follow. */
  private where(tenantId: string, today: string, filter: OpenBillingWhere) {
    const params: unknown[] = [tenantId, today];
    const where = [
      `r.tenant_id = $1`,
      `r.open_cents > 0`,
      `r.status IN ('A', 'P')`,
      `r.released`,
      `r.due_date IS NOT NULL`,
    ];
    if (filter.minDaysOverdue !== undefined)
      where.push(`r.due_date <= $2::date - $${params.push(filter.minDaysOverdue)}::int`);
    if (filter.branchId) where.push(`r.branch_id = $${params.push(filter.branchId)}`);
    if (filter.contractStatus) where.push(`k.status = $${params.push(filter.contractStatus)}`);
    if (filter.internetStatus) where.push(`k.internet_status = $${params.push(filter.internetStatus)}`);
    if (filter.search) {
      const text = `%${filter.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      const digits = filter.search.replace(/\D/g, '');
      // Accent- and case-insensitive name (`jessica` finds `Jéssica`); phones by digits, however typed.
      const conditions = [`c.search_name LIKE ${foldedSql(`$${params.push(text)}`)}`];
      if (digits.length >= 3) conditions.push(`c.document LIKE $${params.push(`${digits}%`)}`);
      if (digits.length >= MIN_PHONE_DIGITS)
        conditions.push(`c.search_phones LIKE $${params.push(`%${digits}%`)}`);
      where.push(`(${conditions.join(' OR ')})`);
    }
    return { params, whereClause: `WHERE ${where.join(' AND ')}` };
  }

  private toSummary(row: Record<string, string | number | null>, today: string): OpenBillingSummary {
    const openCents = Number(row.open_cents ?? 0);
    const aging = Object.fromEntries(
      AGING_BUCKETS.map((b) => [
        b.key,
        { count: Number(row[`c_${b.key}`] ?? 0), open_cents: Number(row[`s_${b.key}`] ?? 0) },
      ]),
    ) as OpenBillingSummary['aging'];
    return {
      total_open: Number(row.total_open ?? 0),
      over_20_days: Number(row.over_20_days ?? 0),
      oldest_due_date: (row.oldest_due_date as string | null) ?? null,
      open_cents: openCents,
      open_brl: formatBrl(openCents),
      aging,
      as_of: today,
    };
  }

  private toItem(row: Record<string, string | number | null>): OpenBillingItem {
    const openCents = Number(row.openCents);
    return {
      receivableId: String(row.receivableId),
      status: String(row.status),
      dueDate: String(row.dueDate),
      daysOverdue: Number(row.daysOverdue),
      amountCents: Number(row.amountCents),
      openCents,
      openBrl: formatBrl(openCents),
      branchId: (row.branchId as string | null) ?? null,
      customer: {
        id: String(row.customerId),
        name: (row.customerName as string | null) ?? null,
        document: (row.customerDocument as string | null) ?? null,
        mobilePhone: (row.customerMobile as string | null) ?? null,
      },
      contract: row.contractId
        ? {
            id: String(row.contractId),
            status: String(row.contractStatus),
            internetStatus: String(row.internetStatus),
          }
        : null,
    };
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Tenants } from '../../../../platform/access/tenants';
import { localDate } from '../../../../shared/time/local-date';
import { TtlCache } from '../../../../shared/cache/ttl-cache';
import { AGING_BUCKETS, formatBrl, type AgingKey } from './aging';
import { foldedSql, MIN_PHONE_DIGITS } from './search-folding';

export interface OpenBillingFilter {
  minDaysOverdue?: number;
  contractStatus?: string;
  internetStatus?: string;
  branchId?: string;
  search?: string;
  sort: 'dueDate' | 'daysOverdue' | 'openAmount' | 'customer';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface OpenBillingItem {
  receivableId: string;
  status: string;
  dueDate: string;
  daysOverdue: number;
  amountCents: number;
  openCents: number;
  openBrl: string;
  branchId: string | null;
  customer: { id: string; name: string | null; document: string | null; mobilePhone: string | null };
  contract: { id: string; status: string; internetStatus: string } | null;
}

export interface OpenBillingPage {
  summary: OpenBillingSummary;
  items: OpenBillingItem[];
  total: number;
  limit: number;
  offset: number;
}

export interface OpenBillingSummary {
  /** Number of open receivables (the replaced console's field and meaning). */
  total_open: number;
  /** How many are 20 or more days past due. */
  over_20_days: number;
  /** `YYYY-MM-DD` of the oldest open due date, or null. */
  oldest_due_date: string | null;
  open_cents: number;
  open_brl: string;
  aging: Record<AgingKey, { count: number; open_cents: number }>;
  /** The calendar day the figures are computed for (tenant time zone). */
  as_of: string;
}

const CACHE_TTL_MS = 5_000;

const SORTS: Record<OpenBillingFilter['sort'], string> = {
  dueDate: 'r.due_date',
  daysOverdue: 'r.due_date',
  openAmount: 'r.open_cents',
  customer: 'c.name',
};

/**
 * The open-billing read model: open receivables (open amount > 0, status A/P, released) of the
 * tenant's mirror, with customer and contract, days overdue counted in the tenant's time zone.
 */
@Injectable()
export class OpenBilling {
  private readonly pages = new TtlCache<string>(CACHE_TTL_MS);
  /** The summary aggregates every open receivable; pages of one filter share it. */
  private readonly summaries = new TtlCache<OpenBillingSummary>(CACHE_TTL_MS);
  private readonly timeZones = new TtlCache<string>(60_000);

  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: Tenants,
  ) {}

  /**
   * Dashboards poll the same pages: an answer is kept a few seconds (concurrent identical requests
   * share one computation). The mirror itself only changes when a sync runs.
   */
  async query(tenantId: string, filter: OpenBillingFilter): Promise<OpenBillingPage> {
    return JSON.parse(await this.queryJson(tenantId, filter)) as OpenBillingPage;
  }

  /** The page already serialized: a cached answer is sent without being serialized again. */
  queryJson(tenantId: string, filter: OpenBillingFilter): Promise<string> {
    return this.pages.get(`${tenantId}|${JSON.stringify(filter)}`, async () =>
      JSON.stringify(await this.compute(tenantId, filter)),
    );
  }

  private async compute(tenantId: string, filter: OpenBillingFilter): Promise<OpenBillingPage> {
    const timeZone = await this.timeZones.get(tenantId, () => this.tenants.timeZone(tenantId));
    const today = localDate(new Date(), timeZone);
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
    // Joins only when a filter needs them: the summary then reads the open-receivables index alone.
    const joinCustomers = `LEFT JOIN sync_ixc.customers c ON c.tenant_id = r.tenant_id AND c.id = r.customer_id`;
    const joinContracts = `LEFT JOIN sync_ixc.contracts k ON k.tenant_id = r.tenant_id AND k.id = r.contract_id`;
    const filterJoins = [
      filter.search ? joinCustomers : '',
      filter.contractStatus || filter.internetStatus ? joinContracts : '',
    ];
    const whereClause = `WHERE ${where.join(' AND ')}`;
    const days = `($2::date - r.due_date)`;
    const summary = await this.summaries.get(`${tenantId}|${today}|${JSON.stringify(params)}`, async () => {
      const buckets = AGING_BUCKETS.map(
        (b) =>
          `count(*) FILTER (WHERE ${days} BETWEEN ${b.from} AND ${b.to ?? 1_000_000}) AS "c_${b.key}",
           coalesce(sum(r.open_cents) FILTER (WHERE ${days} BETWEEN ${b.from} AND ${b.to ?? 1_000_000}), 0) AS "s_${b.key}"`,
      );
      const [row] = (await this.dataSource.query(
        `SELECT count(*)::int AS total_open,
                count(*) FILTER (WHERE ${days} >= 20)::int AS over_20_days,
                to_char(min(r.due_date), 'YYYY-MM-DD') AS oldest_due_date,
                coalesce(sum(r.open_cents), 0)::text AS open_cents,
                ${buckets.join(',\n')}
           FROM sync_ixc.receivables r ${filterJoins.join(' ')} ${whereClause}`,
        params,
      )) as Array<Record<string, string | number | null>>;
      return this.summary(row ?? {}, today);
    });
    const from = `sync_ixc.receivables r ${joinCustomers} ${joinContracts} ${whereClause}`;

    const direction = filter.order === 'desc' ? 'DESC' : 'ASC';
    // Days overdue grow as the due date gets older: sorting by them is sorting by due date reversed.
    const sortDirection = filter.sort === 'daysOverdue' ? (direction === 'ASC' ? 'DESC' : 'ASC') : direction;
    const items = (await this.dataSource.query(
      `SELECT r.id::text AS "receivableId", r.status, to_char(r.due_date, 'YYYY-MM-DD') AS "dueDate",
              ${days} AS "daysOverdue", r.amount_cents::text AS "amountCents", r.open_cents::text AS "openCents",
              r.branch_id AS "branchId", r.customer_id::text AS "customerId", c.name AS "customerName",
              c.document AS "customerDocument", c.mobile_phone AS "customerMobile",
              k.id::text AS "contractId", k.status AS "contractStatus", k.internet_status AS "internetStatus"
         FROM ${from}
        ORDER BY ${SORTS[filter.sort]} ${sortDirection} NULLS LAST, r.id ${sortDirection}
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    )) as Array<Record<string, string | number | null>>;

    return {
      summary,
      items: items.map((row) => this.item(row)),
      total: summary.total_open,
      limit: filter.limit,
      offset: filter.offset,
    };
  }

  private summary(row: Record<string, string | number | null>, today: string): OpenBillingSummary {
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

  private item(row: Record<string, string | number | null>): OpenBillingItem {
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

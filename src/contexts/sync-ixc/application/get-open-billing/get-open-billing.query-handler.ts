import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { TtlCache } from '../../../../shared/cache/ttl-cache';
import { localDate } from '../../../../shared/time/local-date';
import { OpenBillingReadModel, type OpenBillingWhere } from '../ports/open-billing.read-model';
import {
  GetOpenBillingQuery,
  type OpenBillingFilter,
  type OpenBillingPage,
  type OpenBillingSummary,
} from './get-open-billing.query';

const CACHE_TTL_MS = 5_000;

/**
 * Dashboards poll the same pages: an answer is kept a few seconds (concurrent identical requests
 * share one computation). The mirror itself only changes when a sync runs.
 */
@QueryHandler(GetOpenBillingQuery)
export class GetOpenBillingHandler implements IQueryHandler<GetOpenBillingQuery, string> {
  private readonly pages = new TtlCache<string>(CACHE_TTL_MS);
  /** The summary aggregates every open receivable; pages of one filter share it. */
  private readonly summaries = new TtlCache<OpenBillingSummary>(CACHE_TTL_MS);
  private readonly timeZones = new TtlCache<string>(60_000);

  constructor(
    private readonly readModel: OpenBillingReadModel,
    private readonly tenants: Tenants,
  ) {}

  execute(query: GetOpenBillingQuery): Promise<string> {
    const tenantId = query.metadata.tenantId;
    return this.pages.get(`${tenantId}|${JSON.stringify(query.filter)}`, async () =>
      JSON.stringify(await this.compute(tenantId, query.filter)),
    );
  }

  private async compute(tenantId: string, filter: OpenBillingFilter): Promise<OpenBillingPage> {
    const timeZone = await this.timeZones.get(tenantId, () => this.tenants.timeZone(tenantId));
    const today = localDate(new Date(), timeZone);
    const where: OpenBillingWhere = {
      minDaysOverdue: filter.minDaysOverdue,
      contractStatus: filter.contractStatus,
      internetStatus: filter.internetStatus,
      branchId: filter.branchId,
      search: filter.search,
    };
    const summary = await this.summaries.get(`${tenantId}|${today}|${JSON.stringify(where)}`, () =>
      this.readModel.summary(tenantId, today, where),
    );
    const items = await this.readModel.items(tenantId, today, filter);
    return { summary, items, total: summary.total_open, limit: filter.limit, offset: filter.offset };
  }
}

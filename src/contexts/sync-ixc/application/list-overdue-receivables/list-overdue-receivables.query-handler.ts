import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { addDays, localDate } from '../../../../shared/time/local-date';
import {
  ListOverdueReceivablesQuery,
  type OverdueReceivablesPage,
} from '../../contracts/list-overdue-receivables.query';
import { OverdueReceivablesReadModel } from '../ports/overdue-receivables.read-model';

const MAX_LIMIT = 1000;

/** For other contexts (debt-escalation): the mirror's receivables past N days, paged by id. */
@QueryHandler(ListOverdueReceivablesQuery)
export class ListOverdueReceivablesHandler implements IQueryHandler<
  ListOverdueReceivablesQuery,
  OverdueReceivablesPage
> {
  constructor(
    private readonly readModel: OverdueReceivablesReadModel,
    private readonly tenants: Tenants,
  ) {}

  async execute(query: ListOverdueReceivablesQuery): Promise<OverdueReceivablesPage> {
    const tenantId = query.metadata.tenantId;
    const limit = Math.min(Math.max(1, Math.trunc(query.page.limit ?? MAX_LIMIT)), MAX_LIMIT);
    const after = query.page.afterReceivableId ?? null;
    if (after !== null && !/^\d{1,18}$/.test(after)) return { items: [], next: null };
    const today = localDate(new Date(), await this.tenants.timeZone(tenantId));
    const minDays = Math.max(0, Math.trunc(query.minDaysOverdue));
    const items = await this.readModel.dueOnOrBefore(tenantId, addDays(today, -minDays), today, after, limit);
    return { items, next: items.length === limit ? items[items.length - 1]!.receivableId : null };
  }
}

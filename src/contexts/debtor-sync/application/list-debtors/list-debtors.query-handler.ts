import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { localDate } from '../../../../shared/time/local-date';
import { DebtorsReadModel, type DebtorList } from '../ports/debtors.read-model';
import { ListDebtorsQuery } from './list-debtors.query';

@QueryHandler(ListDebtorsQuery)
export class ListDebtorsHandler implements IQueryHandler<ListDebtorsQuery, DebtorList> {
  constructor(
    private readonly debtors: DebtorsReadModel,
    private readonly tenants: Tenants,
  ) {}

  async execute(query: ListDebtorsQuery): Promise<DebtorList> {
    const tenantId = query.metadata.tenantId;
    const today = localDate(new Date(), await this.tenants.timeZone(tenantId));
    return this.debtors.list(tenantId, today, query.filter);
  }
}

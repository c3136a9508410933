import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { localDate } from '../../../../shared/time/local-date';
import {
  ListOverdueInstallmentsQuery,
  type OverdueInstallment,
} from '../../contracts/list-overdue-installments.query';
import { DebtorsReadModel } from '../ports/debtors.read-model';

@QueryHandler(ListOverdueInstallmentsQuery)
export class ListOverdueInstallmentsHandler implements IQueryHandler<
  ListOverdueInstallmentsQuery,
  OverdueInstallment[]
> {
  constructor(
    private readonly debtors: DebtorsReadModel,
    private readonly tenants: Tenants,
  ) {}

  async execute(query: ListOverdueInstallmentsQuery): Promise<OverdueInstallment[]> {
    const tenantId = query.metadata.tenantId;
    const today = localDate(new Date(), await this.tenants.timeZone(tenantId));
    const limit = Math.min(Math.max(1, Math.floor(query.limit)), 1000);
    return this.debtors.overdue(
      tenantId,
      today,
      Math.max(0, query.minDaysOverdue),
      limit,
      query.afterInstallmentId,
    );
  }
}

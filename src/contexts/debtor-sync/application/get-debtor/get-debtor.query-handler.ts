import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { localDate } from '../../../../shared/time/local-date';
import { DebtorNotFoundError } from '../../debtor-sync.errors';
import { DebtorsReadModel, type DebtorDetail } from '../ports/debtors.read-model';
import { GetDebtorQuery } from './get-debtor.query';

@QueryHandler(GetDebtorQuery)
export class GetDebtorHandler implements IQueryHandler<GetDebtorQuery, DebtorDetail> {
  constructor(
    private readonly debtors: DebtorsReadModel,
    private readonly tenants: Tenants,
  ) {}

  async execute(query: GetDebtorQuery): Promise<DebtorDetail> {
    const tenantId = query.metadata.tenantId;
    const today = localDate(new Date(), await this.tenants.timeZone(tenantId));
    const debtor = await this.debtors.get(tenantId, today, query.debtorId);
    if (!debtor) throw new DebtorNotFoundError(query.debtorId);
    return debtor;
  }
}

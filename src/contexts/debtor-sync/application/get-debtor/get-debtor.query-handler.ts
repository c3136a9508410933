import { QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { localDate } from '../../../../shared/time/local-date';
import { GetContactHistoryQuery } from '../../../notification-flow/contracts';
import { DebtorNotFoundError } from '../../debtor-sync.errors';
import { DebtorsReadModel } from '../ports/debtors.read-model';
import { DEBTOR_HISTORY_LIMIT, GetDebtorQuery, type DebtorWithHistory } from './get-debtor.query';

/** notification-flow names a clinic patient `clinic:<patient id>` (its clinic debt events' policies). */
const historyIdOf = (patientId: string) => `clinic:${patientId}`;

@QueryHandler(GetDebtorQuery)
export class GetDebtorHandler implements IQueryHandler<GetDebtorQuery, DebtorWithHistory> {
  constructor(
    private readonly debtors: DebtorsReadModel,
    private readonly tenants: Tenants,
    private readonly queries: QueryBus,
  ) {}

  async execute(query: GetDebtorQuery): Promise<DebtorWithHistory> {
    const tenantId = query.metadata.tenantId;
    const today = localDate(new Date(), await this.tenants.timeZone(tenantId));
    const debtor = await this.debtors.get(tenantId, today, query.debtorId);
    if (!debtor) throw new DebtorNotFoundError(query.debtorId);
    const contactHistory = await this.queries.execute(
      new GetContactHistoryQuery(tenantId, historyIdOf(debtor.id), DEBTOR_HISTORY_LIMIT),
    );
    return { ...debtor, contactHistory };
  }
}

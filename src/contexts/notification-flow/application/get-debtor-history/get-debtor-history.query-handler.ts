import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DebtorNotFoundError } from '../../notification-flow.errors';
import { OperatorReadModel } from '../ports/operator-read-model';
import type { HistoryRecord } from '../ports/operator-views';
import { GetDebtorHistoryQuery } from './get-debtor-history.query';

@QueryHandler(GetDebtorHistoryQuery)
export class GetDebtorHistoryHandler implements IQueryHandler<
  GetDebtorHistoryQuery,
  { items: HistoryRecord[]; total: number }
> {
  constructor(private readonly reads: OperatorReadModel) {}

  async execute({ metadata, debtorId, page }: GetDebtorHistoryQuery) {
    if (!(await this.reads.debtorExists(metadata.tenantId, debtorId)))
      throw new DebtorNotFoundError(debtorId);
    return this.reads.history(metadata.tenantId, debtorId, page);
  }
}

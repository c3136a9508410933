import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DebtorNotFoundError } from '../../notification-flow.errors';
import { OperatorReadModel } from '../ports/operator-read-model';
import { GetDebtorQuery, type DebtorDetail } from './get-debtor.query';

@QueryHandler(GetDebtorQuery)
export class GetDebtorHandler implements IQueryHandler<GetDebtorQuery, DebtorDetail> {
  constructor(private readonly reads: OperatorReadModel) {}

  async execute({ metadata, debtorId }: GetDebtorQuery): Promise<DebtorDetail> {
    const detail = await this.reads.debtor(metadata.tenantId, debtorId);
    if (!detail) throw new DebtorNotFoundError(debtorId);
    return detail;
  }
}

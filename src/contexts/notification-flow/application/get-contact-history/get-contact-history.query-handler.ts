import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GetContactHistoryQuery, type ContactHistoryEntry } from '../../contracts/get-contact-history.query';
import { OperatorReadModel } from '../ports/operator-read-model';

const MAX_LIMIT = 200;

@QueryHandler(GetContactHistoryQuery)
export class GetContactHistoryHandler implements IQueryHandler<
  GetContactHistoryQuery,
  { items: ContactHistoryEntry[]; total: number }
> {
  constructor(private readonly reads: OperatorReadModel) {}

  execute({ metadata, debtorId, limit }: GetContactHistoryQuery) {
    const bounded = Number.isInteger(limit) ? Math.min(Math.max(limit, 1), MAX_LIMIT) : 50;
    return this.reads.contactHistory(metadata.tenantId, debtorId, bounded);
  }
}

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { FindReceivableQuery, type FoundReceivable } from '../../contracts/find-receivable.query';
import { ReceivableLookupRepository } from '../ports/receivable-lookup.repository';

/** Answers from the mirror: a payment is matched at once, without a call to IXC. */
@QueryHandler(FindReceivableQuery)
export class FindReceivableHandler implements IQueryHandler<FindReceivableQuery, FoundReceivable | null> {
  constructor(private readonly lookup: ReceivableLookupRepository) {}

  execute(query: FindReceivableQuery): Promise<FoundReceivable | null> {
    return this.lookup.find(query.metadata.tenantId, query.keys);
  }
}

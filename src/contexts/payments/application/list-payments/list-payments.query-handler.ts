import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { LookupRepository } from '../ports/lookup.repository';
import { PaymentRepository } from '../ports/payment.repository';
import { ListPaymentsQuery, type PaymentListing } from './list-payments.query';

const MAX_LOOKUPS_LISTED = 100;

@QueryHandler(ListPaymentsQuery)
export class ListPaymentsHandler implements IQueryHandler<ListPaymentsQuery, PaymentListing> {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly lookups: LookupRepository,
  ) {}

  async execute(query: ListPaymentsQuery): Promise<PaymentListing> {
    const tenantId = query.metadata.tenantId;
    const [page, lookups] = await Promise.all([
      this.payments.list(tenantId, query.filter),
      this.lookups.unsettled(tenantId, MAX_LOOKUPS_LISTED),
    ]);
    return { ...page, lookups };
  }
}

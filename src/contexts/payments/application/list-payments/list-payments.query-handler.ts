import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PaymentRepository, type PaymentView } from '../ports/payment.repository';
import { ListPaymentsQuery } from './list-payments.query';

@QueryHandler(ListPaymentsQuery)
export class ListPaymentsHandler implements IQueryHandler<
  ListPaymentsQuery,
  { items: PaymentView[]; total: number }
> {
  constructor(private readonly payments: PaymentRepository) {}

  execute(query: ListPaymentsQuery): Promise<{ items: PaymentView[]; total: number }> {
    return this.payments.list(query.metadata.tenantId, query.filter);
  }
}

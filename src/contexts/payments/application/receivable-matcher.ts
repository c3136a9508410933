import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { FindReceivableQuery, type FoundReceivable } from '../../sync-ixc/contracts';
import { PaymentRecordedEvent } from '../contracts';
import { receivableIdIn, type NotifiedPayment } from '../domain/payment-notification';
import type { PaymentProvider } from '../domain/provider-notifications';

/**
 * The receivable a payment pays (docs/integrations/payments.md §5): by the gateway's external reference,
 * Régua's own reference, then the ERP's boleto / PIX ids — read from sync-ixc's mirror, no IXC call.
 */
@Injectable()
export class ReceivableMatcher {
  constructor(private readonly queries: QueryBus) {}

  async match(tenantId: string, payment: NotifiedPayment): Promise<FoundReceivable | null> {
    const receivableIds = [payment.externalReference, payment.reguaReference].map(receivableIdIn);
    for (const receivableId of [...new Set(receivableIds)]) {
      const found = await this.queries.execute(
        new FindReceivableQuery(tenantId, {
          receivableId: receivableId ?? undefined,
          boletoNumber: payment.boletoNumber ?? undefined,
          pixTxid: payment.pixTxid ?? undefined,
        }),
      );
      if (found) return found;
    }
    return null;
  }
}

/** The event a new matched payment publishes, whoever recorded it (a full notification or a lookup). */
export function announcePayment(
  tenantId: string,
  provider: PaymentProvider,
  paymentId: string,
  payment: NotifiedPayment,
  match: FoundReceivable,
  receivedAt: Date,
): PaymentRecordedEvent {
  return new PaymentRecordedEvent(tenantId, {
    paymentId,
    provider,
    providerPaymentId: payment.providerPaymentId,
    amountCents: payment.amountCents,
    paidAt: payment.paidAt,
    method: payment.method,
    receivableId: match.receivableId,
    customerId: match.customerId,
    contractId: match.contractId,
    dueDate: match.dueDate,
    openCents: match.openCents,
    receivedAt: receivedAt.toISOString(),
  });
}

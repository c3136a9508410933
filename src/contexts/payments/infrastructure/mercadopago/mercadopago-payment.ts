import {
  instant,
  InvalidNotificationError,
  objectAt,
  reaisToCents,
  text,
  type PaymentMethod,
} from '../../domain/payment-notification';
import { PaymentLookupFailedError, type LookedUpPayment } from '../../application/ports/payment-lookups';

/** `payment_type_id` → Régua's method (`pix` is a `payment_method_id` of type `bank_transfer`). */
const METHOD_OF_TYPE: Record<string, PaymentMethod> = {
  ticket: 'boleto',
  credit_card: 'card',
  debit_card: 'card',
  prepaid_card: 'card',
};

/**
 * A `GET /v1/payments/{id}` resource (docs/integrations/payments.md §1.2) in Régua's terms. Only
 * `approved` is paid; every other status (pending, in_process, rejected, cancelled, refunded,
 * charged_back…) is recorded as the delivery's outcome and pays nothing. An answer that is not the
 * documented shape fails the lookup (retried, then kept as failed for an operator).
 */
export function lookedUpPayment(resource: Record<string, unknown>): LookedUpPayment {
  try {
    const id = text(resource.id, 'id', true);
    const status = text(resource.status, 'status', true);
    if (!/^[a-z_]{1,40}$/.test(status))
      throw new InvalidNotificationError('status is not a Mercado Pago status');
    const paid = status === 'approved';
    const methodId = text(resource.payment_method_id, 'payment_method_id');
    const typeId = text(resource.payment_type_id, 'payment_type_id');
    const method: PaymentMethod =
      methodId === 'pix' ? 'pix' : ((typeId ? METHOD_OF_TYPE[typeId] : undefined) ?? 'other');
    if (resource.point_of_interaction !== undefined && resource.point_of_interaction !== null)
      objectAt(resource.point_of_interaction, 'point_of_interaction');
    return {
      found: true,
      status,
      statusDetail: text(resource.status_detail, 'status_detail'),
      paid,
      payment: {
        providerPaymentId: id,
        amountCents: reaisToCents(resource.transaction_amount, 'transaction_amount'),
        paidAt: instant(resource.date_approved, 'date_approved'),
        method,
        externalReference: text(resource.external_reference, 'external_reference'),
        reguaReference: null,
        boletoNumber: null,
        pixTxid: null,
      },
    };
  } catch (error) {
    if (error instanceof InvalidNotificationError)
      throw new PaymentLookupFailedError(
        `Mercado Pago answered a payment Régua cannot read: ${error.message}`,
      );
    throw error;
  }
}

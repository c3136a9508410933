import type { FoundReceivable } from '../../../sync-ixc/contracts';
import type { NotifiedPayment } from '../../domain/payment-notification';
import type { Delivery } from '../../application/ports/payment.repository';

/** The columns of a new `payments.payments` row, in the order of `paymentValues`. */
export const PAYMENT_COLUMNS = `id, tenant_id, provider, provider_payment_id, event_id, amount_cents, paid_at, method,
  external_reference, erp_reference, receivable_id, customer_id, contract_id, matched_by, received_at`;

/** Placeholders `$<first>…` for the values of `paymentValues`. */
export function paymentPlaceholders(first = 1): string {
  return Array.from({ length: 15 }, (_, i) => `$${first + i}`).join(', ');
}

/**
 * A payment's row values for PAYMENT_COLUMNS: our own id, the delivery it came in, what the provider
 * told, and the receivable it matched (if any). Webhook and lookup record payments with the same row.
 */
export function paymentValues(
  paymentId: string,
  delivery: Delivery,
  payment: NotifiedPayment,
  match: FoundReceivable | null,
  receivedAt: Date,
): unknown[] {
  return [
    paymentId,
    delivery.tenantId,
    delivery.provider,
    payment.providerPaymentId,
    delivery.eventId,
    payment.amountCents,
    payment.paidAt,
    payment.method,
    payment.externalReference ?? payment.reguaReference,
    payment.boletoNumber ?? payment.pixTxid,
    match?.receivableId ?? null,
    match?.customerId ?? null,
    match?.contractId ?? null,
    match?.matchedBy ?? null,
    receivedAt,
  ];
}

/** The id of the payment recorded before under the same provider payment id. */
export async function existingPaymentId(
  tx: { query(sql: string, params: unknown[]): Promise<unknown> },
  delivery: Delivery,
  providerPaymentId: string,
): Promise<string> {
  const [row] = (await tx.query(
    `SELECT id FROM payments.payments WHERE tenant_id = $1 AND provider = $2 AND provider_payment_id = $3`,
    [delivery.tenantId, delivery.provider, providerPaymentId],
  )) as Array<{ id: string }>;
  return row!.id;
}

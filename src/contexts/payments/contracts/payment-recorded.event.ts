import { IntegrationEvent } from '../../../shared/ddd/domain-event';

export interface PaymentRecordedPayload {
  /** Régua's payment id */
  paymentId: string;
  /** regua | mercadopago | asaas */
  provider: string;
  providerPaymentId: string;
  amountCents: number;
  /** ISO 8601 instant, or null when the provider gave only a date it could not place */
  paidAt: string | null;
  /** pix | boleto | card | cash | other */
  method: string;
  /** The matched IXC receivable (the event is published only for matched payments). */
  receivableId: string;
  customerId: string;
  contractId: string | null;
  dueDate: string | null;
  /**
   * What the receivable owed when the payment was matched (IXC mirror); absent in events written before
   * it was added. A payment below it is partial: the debt stays open with the rest.
   */
  openCents?: number;
  /** When Régua received the webhook (ISO 8601): the start of "payment → line restored". */
  receivedAt: string;
}

/**
 * A payment arrived through a verified webhook and was matched to an IXC receivable; published once per
 * payment. Consumers stop the debt's messages, re-read the customer in IXC and, where the tenant wants
 * it, record the settlement ("baixa") in IXC.
 */
export class PaymentRecordedEvent extends IntegrationEvent<PaymentRecordedPayload> {
  static readonly ROUTING_KEY = 'payments.payment.recorded.v1';
  readonly routingKey = PaymentRecordedEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: PaymentRecordedPayload) {
    super(tenantId, payload, { orderingKey: `receivable:${payload.receivableId}` });
  }
}

/** A payment of less than its receivable owed (unknown owed amounts count as paid in full). */
export function isPartial(payload: Pick<PaymentRecordedPayload, 'amountCents' | 'openCents'>): boolean {
  return payload.openCents !== undefined && payload.amountCents < payload.openCents;
}

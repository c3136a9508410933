import {
  cents,
  instant,
  InvalidNotificationError,
  objectAt,
  PAYMENT_METHODS,
  reaisToCents,
  text,
  type PaymentMethod,
  type PaymentNotification,
} from './payment-notification';

export const PAYMENT_PROVIDERS = ['regua', 'mercadopago', 'asaas'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

export function isPaymentProvider(value: string): value is PaymentProvider {
  return (PAYMENT_PROVIDERS as readonly string[]).includes(value);
}

/** Parses a verified body: JSON text, then the provider's documented shape. */
export function parseNotification(provider: PaymentProvider, rawBody: Buffer): PaymentNotification {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new InvalidNotificationError('the body is not JSON');
  }
  const root = objectAt(body, 'the body');
  switch (provider) {
    case 'regua':
      return reguaNotification(root);
    case 'asaas':
      return asaasNotification(root);
    case 'mercadopago':
      return mercadoPagoNotification(root);
  }
}

/** Régua's scheme (payments.md §3): `{id, type: "payment.received", data: {paymentId, amountCents, …}}`. */
function reguaNotification(root: Record<string, unknown>): PaymentNotification {
  const eventId = text(root.id, 'id', true);
  const type = text(root.type, 'type', true);
  if (type !== 'payment.received') return { eventId, kind: 'ignored', eventType: type };
  const data = objectAt(root.data, 'data');
  const method = text(data.method, 'data.method') ?? 'other';
  if (!(PAYMENT_METHODS as readonly string[]).includes(method))
    throw new InvalidNotificationError(`data.method must be one of ${PAYMENT_METHODS.join(', ')}`);
  return {
    eventId,
    kind: 'payment',
    payment: {
      providerPaymentId: text(data.paymentId, 'data.paymentId', true),
      amountCents: cents(data.amountCents, 'data.amountCents'),
      paidAt: instant(data.paidAt, 'data.paidAt'),
      method: method as PaymentMethod,
      externalReference: text(data.externalReference, 'data.externalReference'),
      reguaReference: text(data.reguaReference, 'data.reguaReference'),
      boletoNumber: text(data.boletoNumber, 'data.boletoNumber'),
      pixTxid: text(data.pixTxid, 'data.pixTxid'),
    },
  };
}

/** Asaas events that mean "the customer paid" (payments.md §2). */
const ASAAS_PAID = new Set(['PAYMENT_RECEIVED', 'PAYMENT_CONFIRMED']);

const ASAAS_METHODS: Record<string, PaymentMethod> = {
  PIX: 'pix',
  BOLETO: 'boleto',
  CREDIT_CARD: 'card',
  DEBIT_CARD: 'card',
};

function asaasNotification(root: Record<string, unknown>): PaymentNotification {
  const eventId = text(root.id, 'id', true);
  const event = text(root.event, 'event', true);
  if (!ASAAS_PAID.has(event)) return { eventId, kind: 'ignored', eventType: event };
  const p = objectAt(root.payment, 'payment');
  const billingType = text(p.billingType, 'payment.billingType');
  return {
    eventId,
    kind: 'payment',
    payment: {
      providerPaymentId: text(p.id, 'payment.id', true),
      amountCents: reaisToCents(p.value, 'payment.value'),
      paidAt:
        instant(p.clientPaymentDate, 'payment.clientPaymentDate') ??
        instant(p.paymentDate, 'payment.paymentDate') ??
        instant(p.confirmedDate, 'payment.confirmedDate'),
      method: (billingType && ASAAS_METHODS[billingType]) || 'other',
      externalReference: text(p.externalReference, 'payment.externalReference'),
      reguaReference: null,
      boletoNumber: text(p.nossoNumero, 'payment.nossoNumero'),
      pixTxid: null,
    },
  };
}

/**
 * Mercado Pago (payments.md §1): `{id, type: "payment", action, data: {id}}`; the payment's amount and
 * external reference are only in `GET /v1/payments/{id}`.
 */
function mercadoPagoNotification(root: Record<string, unknown>): PaymentNotification {
  const type = text(root.type, 'type', true);
  const data = objectAt(root.data, 'data');
  const dataId = text(data.id, 'data.id', true);
  const eventId = text(root.id, 'id') ?? `${type}:${dataId}:${text(root.action, 'action') ?? ''}`;
  if (type !== 'payment') return { eventId, kind: 'ignored', eventType: type };
  return { eventId, kind: 'lookup', providerPaymentId: dataId };
}

/** `data.id` of a Mercado Pago body, read only to rebuild the signed manifest when the URL lacks it. */
export function mercadoPagoDataId(rawBody: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(rawBody.toString('utf8')) as { data?: { id?: unknown } } | null;
    const id = parsed?.data?.id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}

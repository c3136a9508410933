/** Payment methods, as Régua records them (a label of `regua_payments_total` never holds more). */
export const PAYMENT_METHODS = ['pix', 'boleto', 'card', 'cash', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** What a verified delivery says, whatever the provider. */
export type PaymentNotification =
  | { eventId: string; kind: 'payment'; payment: NotifiedPayment }
  /** an event Régua does not act on (a charge created, a refund…): acknowledged, recorded, ignored */
  | { eventId: string; kind: 'ignored'; eventType: string }
  /** a provider that announces only an id (Mercado Pago): the details must be fetched from its API */
  | { eventId: string; kind: 'lookup'; providerPaymentId: string };

export interface NotifiedPayment {
  providerPaymentId: string;
  amountCents: number;
  /** ISO 8601 instant; null when the provider sent none */
  paidAt: string | null;
  method: PaymentMethod;
  /** the gateway's external reference (what the ISP set when creating the charge) */
  externalReference: string | null;
  /** Régua's own reference, when the charge carries one apart from the external reference */
  reguaReference: string | null;
  /** the ERP's boleto "nosso número" / PIX txid, when the provider relays them */
  boletoNumber: string | null;
  pixTxid: string | null;
}

/** A body that passed the signature but does not say what the provider documents. */
export class InvalidNotificationError extends Error {}

export const MAX_TEXT = 200;
export const MAX_AMOUNT_CENTS = 1_000_000_000_00;

export function objectAt(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidNotificationError(`${what} must be an object`);
  return value as Record<string, unknown>;
}

/** A bounded, NUL-free string (numbers accepted where providers send ids as numbers). */
export function text(value: unknown, what: string, required: true): string;
export function text(value: unknown, what: string, required?: false): string | null;
export function text(value: unknown, what: string, required = false): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw new InvalidNotificationError(`${what} is required`);
    return null;
  }
  const s = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof s !== 'string' || s.length > MAX_TEXT || s.includes('\u0000'))
    throw new InvalidNotificationError(`${what} must be a string of at most ${MAX_TEXT} characters`);
  return s.trim();
}

export function cents(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > MAX_AMOUNT_CENTS)
    throw new InvalidNotificationError(`${what} must be a positive integer number of cents`);
  return value;
}

/** BRL as a JSON number with at most two decimals (Asaas' `value`) → cents. */
export function reaisToCents(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new InvalidNotificationError(`${what} must be a positive amount in reais`);
  return cents(Math.round(value * 100), what);
}

/** An ISO 8601 instant with an offset, or a bare date read in São Paulo (the providers' time zone). */
export function instant(value: unknown, what: string): string | null {
  const s = text(value, what);
  if (s === null) return null;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00-03:00`) : new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(date.getTime()))
    throw new InvalidNotificationError(`${what} must be an ISO 8601 date or instant`);
  return date.toISOString();
}

/** The receivable id a reference names: IXC's id itself, or Régua's `REGUA-<id>`. */
export function receivableIdIn(reference: string | null): string | null {
  const match = reference ? /^(?:REGUA-)?(\d{1,18})$/i.exec(reference.trim()) : null;
  return match ? match[1]! : null;
}

import { deriveSeed, mulberry32, randomInt } from '../host/prng';

/** The demo seller's access token (`Authorization: Bearer …`), shaped like a production one. */
export const MERCADOPAGO_DEMO_CREDENTIALS = {
  accessToken: 'APP_USR-7001234567890123-120700-regua0demo0simulated0token-1234567',
} as const;

/** Keeps long benchmark runs bounded. */
export const MAX_MERCADOPAGO_PAYMENTS = 10_000;

export const MERCADOPAGO_STATUSES = [
  'pending',
  'approved',
  'authorized',
  'in_process',
  'in_mediation',
  'rejected',
  'cancelled',
  'refunded',
  'charged_back',
] as const;
export type MercadoPagoStatus = (typeof MERCADOPAGO_STATUSES)[number];

/** A payment as `GET /v1/payments/{id}` answers it (the fields Régua and its tests read, and a few more). */
export interface MercadoPagoPayment {
  id: number;
  date_created: string;
  date_approved: string | null;
  date_last_updated: string;
  money_release_date: string | null;
  operation_type: 'regular_payment';
  payment_method_id: string;
  payment_type_id: string;
  status: MercadoPagoStatus;
  status_detail: string;
  currency_id: 'BRL';
  description: string;
  live_mode: boolean;
  collector_id: number;
  external_reference: string | null;
  transaction_amount: number;
  transaction_amount_refunded: number;
  installments: number;
  payer: { id: string | null; email: string | null; identification: { type: string; number: string } };
  transaction_details: {
    net_received_amount: number;
    total_paid_amount: number;
    overpaid_amount: number;
    installment_amount: number;
  };
  point_of_interaction: {
    type: string;
    transaction_data?: { qr_code: string; qr_code_base64: string; ticket_url: string };
  };
}

export interface MercadoPagoState {
  accessToken: string;
  collectorId: number;
  payments: Map<number, MercadoPagoPayment>;
  nextId: number;
}

export function createMercadoPagoState(seed: number): MercadoPagoState {
  const random = mulberry32(deriveSeed(seed, 'mercadopago'));
  const state: MercadoPagoState = {
    accessToken: MERCADOPAGO_DEMO_CREDENTIALS.accessToken,
    collectorId: randomInt(random, 100_000_000, 999_999_999),
    payments: new Map(),
    // Mercado Pago's payment ids are 10–11 digit integers
    nextId: randomInt(random, 1_300_000_000, 1_399_999_999),
  };
  const at = '2026-12-01T10:00:00.000-03:00';
  addPayment(state, { status: 'approved', amountCents: 8990, externalReference: '1', method: 'pix' }, at);
  addPayment(
    state,
    { status: 'pending', amountCents: 12990, externalReference: '2', method: 'bolbradesco' },
    at,
  );
  addPayment(state, { status: 'rejected', amountCents: 9990, externalReference: '3', method: 'visa' }, at);
  return state;
}

export interface NewPayment {
  id?: number;
  status: MercadoPagoStatus;
  amountCents: number;
  externalReference?: string | null;
  /** payment_method_id: pix, bolbradesco, pec, visa, master, account_money… */
  method?: string;
}

const TYPE_OF_METHOD: Record<string, string> = {
  pix: 'bank_transfer',
  bolbradesco: 'ticket',
  pec: 'ticket',
  account_money: 'account_money',
  debvisa: 'debit_card',
  debmaster: 'debit_card',
};

/** `status_detail` Mercado Pago documents for each status (collection results table). */
const DETAIL_OF_STATUS: Record<MercadoPagoStatus, string> = {
  approved: 'accredited',
  pending: 'pending_waiting_transfer',
  authorized: 'pending_capture',
  in_process: 'pending_contingency',
  in_mediation: 'in_mediation',
  rejected: 'cc_rejected_other_reason',
  cancelled: 'by_collector',
  refunded: 'refunded',
  charged_back: 'settled',
};

export function addPayment(state: MercadoPagoState, input: NewPayment, at: string): MercadoPagoPayment {
  const id = input.id ?? state.nextId++;
  const method = input.method ?? 'pix';
  const amount = Math.round(input.amountCents) / 100;
  const payment: MercadoPagoPayment = {
    id,
    date_created: at,
    date_approved: input.status === 'approved' ? at : null,
    date_last_updated: at,
    money_release_date: input.status === 'approved' ? at : null,
    operation_type: 'regular_payment',
    payment_method_id: method,
    payment_type_id: TYPE_OF_METHOD[method] ?? 'credit_card',
    status: input.status,
    status_detail: DETAIL_OF_STATUS[input.status],
    currency_id: 'BRL',
    description: 'Fatura de internet',
    live_mode: false,
    collector_id: state.collectorId,
    external_reference: input.externalReference ?? null,
    transaction_amount: amount,
    transaction_amount_refunded: input.status === 'refunded' ? amount : 0,
    installments: 1,
    payer: { id: null, email: 'cliente@example.com', identification: { type: 'CPF', number: '19119119100' } },
    transaction_details: {
      net_received_amount: Math.round(amount * 99) / 100,
      total_paid_amount: amount,
      overpaid_amount: 0,
      installment_amount: amount,
    },
    point_of_interaction:
      method === 'pix'
        ? {
            type: 'OPENPLATFORM',
            transaction_data: {
              qr_code: `00020126580014br.gov.bcb.pix0136${id}5204000053039865802BR`,
              qr_code_base64:
                'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
              ticket_url: `https://www.mercadopago.com.br/payments/${id}/ticket?caller_id=0&hash=simulated`,
            },
          }
        : { type: 'UNSPECIFIED' },
  };
  state.payments.set(id, payment);
  if (state.payments.size > MAX_MERCADOPAGO_PAYMENTS)
    state.payments.delete(state.payments.keys().next().value!);
  return payment;
}

export function setStatus(
  payment: MercadoPagoPayment,
  status: MercadoPagoStatus,
  at: string,
): MercadoPagoPayment {
  payment.status = status;
  payment.status_detail = DETAIL_OF_STATUS[status];
  payment.date_last_updated = at;
  if (status === 'approved' && payment.date_approved === null) payment.date_approved = at;
  return payment;
}

export function inspectMercadoPago(state: MercadoPagoState) {
  return { accessToken: state.accessToken, payments: [...state.payments.values()] };
}

export type MercadoPagoData = ReturnType<typeof inspectMercadoPago>;

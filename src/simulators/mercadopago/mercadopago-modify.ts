import { SimulatorInputError } from '../host/simulator';
import {
  addPayment,
  MERCADOPAGO_STATUSES,
  setStatus,
  type MercadoPagoState,
  type MercadoPagoStatus,
} from './mercadopago-state';

export const MERCADOPAGO_MODIFY_ACTIONS = ['addPayment', 'setStatus'] as const;

/** Mercado Pago's own format: local time with the -04:00 offset its API answers with. */
export function mercadoPagoStamp(now: Date): string {
  return new Date(now.getTime() - 4 * 3_600_000).toISOString().replace('Z', '-04:00');
}

const status = (value: unknown): MercadoPagoStatus => {
  if (!(MERCADOPAGO_STATUSES as readonly unknown[]).includes(value))
    throw new SimulatorInputError(`status must be one of ${MERCADOPAGO_STATUSES.join(', ')}`);
  return value as MercadoPagoStatus;
};

/**
 * Control-API changes, one `action` per call: `addPayment {status, amountCents, externalReference?,
 * method?, id?}` (a customer paid, or tried to) and `setStatus {id, status}` (a pending payment approved,
 * an approved one refunded…).
 */
export function modifyMercadoPago(state: MercadoPagoState, body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SimulatorInputError('body must be a JSON object with an "action"');
  const input = body as Record<string, unknown>;
  const at = mercadoPagoStamp(new Date());
  switch (input.action) {
    case 'addPayment': {
      const cents = input.amountCents;
      if (typeof cents !== 'number' || !Number.isSafeInteger(cents) || cents <= 0)
        throw new SimulatorInputError('amountCents must be a positive integer');
      if (input.id !== undefined && (typeof input.id !== 'number' || !Number.isSafeInteger(input.id)))
        throw new SimulatorInputError('id must be an integer');
      if (input.externalReference !== undefined && typeof input.externalReference !== 'string')
        throw new SimulatorInputError('externalReference must be a string');
      if (input.method !== undefined && typeof input.method !== 'string')
        throw new SimulatorInputError('method must be a string');
      return addPayment(
        state,
        {
          id: input.id as number | undefined,
          status: status(input.status),
          amountCents: cents,
          externalReference: input.externalReference as string | undefined,
          method: input.method as string | undefined,
        },
        at,
      );
    }
    case 'setStatus': {
      const payment = typeof input.id === 'number' ? state.payments.get(input.id) : undefined;
      if (!payment) throw new SimulatorInputError('id must name a known payment');
      return setStatus(payment, status(input.status), at);
    }
    default:
      throw new SimulatorInputError(
        `unknown action ${JSON.stringify(input.action)}; use ${MERCADOPAGO_MODIFY_ACTIONS.join(', ')}`,
      );
  }
}

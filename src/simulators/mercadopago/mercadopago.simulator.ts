import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { SimulatorContext, SimulatorDefinition } from '../host/simulator';
import { sendServiceError, sendUnauthorized } from './mercadopago-errors';
import { modifyMercadoPago } from './mercadopago-modify';
import { createMercadoPagoState, inspectMercadoPago, type MercadoPagoState } from './mercadopago-state';

/**
 * Mercado Pago's payments API, the part Régua reads (docs/integrations/payments.md §1.2):
 * `GET /v1/payments/{id}` with `Authorization: Bearer <access token>`, the payment resource (numeric id,
 * decimal `transaction_amount`, `status`/`status_detail`, `external_reference`, PIX's
 * `point_of_interaction.transaction_data`), 404 `Payment not found` (cause 2000) for an unknown id, 401
 * for a missing or wrong token. 429 and 5xx come from the host's fault injection.
 */
export const mercadopagoSimulator: SimulatorDefinition<MercadoPagoState> = {
  name: 'mercadopago',
  description: 'Mercado Pago payments API: GET /v1/payments/{id} with a Bearer access token',
  createState: ({ seed }) => createMercadoPagoState(seed),
  mount(router, state, ctx) {
    router.get('/v1/payments/:id', (req, res) => getPayment(state, ctx, req, res));
  },
  inspect: inspectMercadoPago,
  modify: modifyMercadoPago,
  rateLimited: (_req, res, retryAfterSeconds) => {
    res.set('retry-after', String(Math.max(1, Math.ceil(retryAfterSeconds))));
    sendServiceError(res, 429, 'too_many_requests', 'too many requests');
  },
};

function getPayment(state: MercadoPagoState, ctx: SimulatorContext, req: Request, res: Response): void {
  const requestId = req.get('x-request-id') ?? randomUUID();
  res.set('x-request-id', requestId);
  const auth = req.get('authorization');
  const token = auth && /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, '').trim() : undefined;
  if (token !== state.accessToken) return sendUnauthorized(res, token !== undefined, ctx.now(), requestId);
  const raw = String(req.params.id);
  const payment = /^\d{1,19}$/.test(raw) ? state.payments.get(Number(raw)) : undefined;
  if (!payment) {
    sendServiceError(res, 404, 'not_found', 'Payment not found', { code: 2000, now: ctx.now(), requestId });
    return;
  }
  res.status(200).json(payment);
}

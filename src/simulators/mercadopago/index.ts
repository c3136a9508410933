export { mercadopagoSimulator } from './mercadopago.simulator';
export {
  MERCADOPAGO_DEMO_CREDENTIALS,
  MERCADOPAGO_STATUSES,
  type MercadoPagoData,
  type MercadoPagoPayment,
  type MercadoPagoStatus,
} from './mercadopago-state';
export { MERCADOPAGO_MODIFY_ACTIONS } from './mercadopago-modify';
export type { MercadoPagoErrorBody } from './mercadopago-errors';

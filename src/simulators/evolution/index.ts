export { evolutionSimulator } from './evolution.simulator';
export {
  EVOLUTION_DEMO_CREDENTIALS,
  MAX_KEPT_MESSAGES as EVOLUTION_MAX_KEPT_MESSAGES,
  type EvolutionData,
  type EvolutionMessage,
  type InstanceState as EvolutionInstanceState,
  type MessageStatus as EvolutionMessageStatus,
} from './evolution-state';
export { evolutionJid, isSeededNotOnWhatsApp, NOT_ON_WHATSAPP_PERCENT } from './evolution-number';
export { MAX_TEXT_LENGTH as EVOLUTION_MAX_TEXT_LENGTH } from './evolution-send';
export { EVOLUTION_MODIFY_ACTIONS } from './evolution-modify';
export type { WebhookDelivery as EvolutionWebhookDelivery } from './evolution-webhook';
export type { EvolutionErrorBody } from './evolution-errors';

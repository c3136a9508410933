import { clinicSimulator } from './clinic';
import { discordSimulator } from './discord/discord.simulator';
import { evolutionSimulator } from './evolution';
import { ixcSimulator } from './ixc';
import { magnusSimulator } from './magnusbilling';
import { mercadopagoSimulator } from './mercadopago';
import { pipedriveSimulator } from './pipedrive';
import { sendgridSimulator } from './sendgrid';
import { smsSimulator } from './sms';
import { smtpSimulator } from './smtp';
import type { SimulatorDefinition } from './host/simulator';
import { SimulatorHost, type SimulatorHostOptions } from './host/simulator-host';

/** Every simulator the host can serve, by the name it is mounted under. */
export const simulatorDefinitions = {
  clinic: clinicSimulator,
  discord: discordSimulator,
  evolution: evolutionSimulator,
  ixc: ixcSimulator,
  magnus: magnusSimulator,
  mercadopago: mercadopagoSimulator,
  pipedrive: pipedriveSimulator,
  sendgrid: sendgridSimulator,
  sms: smsSimulator,
  smtp: smtpSimulator,
} as const;

export type SimulatorName = keyof typeof simulatorDefinitions;

export const simulatorNames = Object.keys(simulatorDefinitions) as SimulatorName[];

/** Starts one host serving the named simulators (all by default). Names usually come from a CLI or env. */
export function startSimulators(
  names: readonly SimulatorName[] = simulatorNames,
  options?: SimulatorHostOptions,
): Promise<SimulatorHost> {
  const unknown = names.filter((name) => !Object.hasOwn(simulatorDefinitions, name));
  if (unknown.length > 0) {
    return Promise.reject(
      new Error(`Unknown simulator(s): ${unknown.join(', ')}. Valid names: ${simulatorNames.join(', ')}`),
    );
  }
  const definitions: SimulatorDefinition[] = [...new Set(names)].map((name) => simulatorDefinitions[name]);
  return SimulatorHost.start(definitions, options);
}

export {
  clinicSimulator,
  CLINIC_DEFAULT_SETTINGS,
  CLINIC_DEMO_CREDENTIALS,
  CLINIC_MODIFY_ACTIONS,
  type ClinicData,
  type ClinicInstallmentRecord,
  type ClinicPatientEntry,
  type ClinicSettings,
} from './clinic';
export { discordSimulator, type DiscordData } from './discord/discord.simulator';
export type { DiscordMessage, DiscordEmbed } from './discord/discord-state';
export { seededWebhookPaths as discordSeededWebhookPaths } from './discord/discord-state';
export {
  evolutionSimulator,
  evolutionJid,
  isSeededNotOnWhatsApp as evolutionIsSeededNotOnWhatsApp,
  EVOLUTION_DEMO_CREDENTIALS,
  EVOLUTION_MAX_KEPT_MESSAGES,
  EVOLUTION_MAX_TEXT_LENGTH,
  EVOLUTION_MODIFY_ACTIONS,
  NOT_ON_WHATSAPP_PERCENT as EVOLUTION_NOT_ON_WHATSAPP_PERCENT,
  type EvolutionData,
  type EvolutionErrorBody,
  type EvolutionInstanceState,
  type EvolutionMessage,
  type EvolutionMessageStatus,
  type EvolutionWebhookDelivery,
} from './evolution';
export {
  ixcSimulator,
  IXC_DEMO_CREDENTIALS,
  IXC_DEFAULT_SETTINGS,
  IXC_HTML_ERROR,
  IXC_IP_NOT_ALLOWED_MESSAGE,
  IXC_MODIFY_ACTIONS,
  IXC_WEBSERVICE_PATH,
  type IxcData,
  type IxcFractionChanges,
  type IxcRequestCounts,
  type IxcSettings,
} from './ixc';
export {
  magnusSimulator,
  MAGNUS_BASE_PATH,
  MAGNUS_DEFAULT_SETTINGS,
  MAGNUS_DEMO_CREDENTIALS,
  MAGNUS_MODIFY_ACTIONS,
  type MagnusData,
  type MagnusSettings,
} from './magnusbilling';
export {
  mercadopagoSimulator,
  MERCADOPAGO_DEMO_CREDENTIALS,
  MERCADOPAGO_MODIFY_ACTIONS,
  MERCADOPAGO_STATUSES,
  type MercadoPagoData,
  type MercadoPagoErrorBody,
  type MercadoPagoPayment,
  type MercadoPagoStatus,
} from './mercadopago';
export {
  pipedriveSimulator,
  PIPEDRIVE_DEMO_CREDENTIALS,
  pipedriveDocumentFieldKey,
  PIPEDRIVE_MODIFY_ACTIONS,
  type PipedriveData,
  type PipedriveDeal,
  type PipedriveErrorBody,
  type PipedriveNote,
  type PipedrivePerson,
} from './pipedrive';
export {
  sendgridSimulator,
  SENDGRID_BOUNCE_DOMAIN,
  SENDGRID_DEMO_CREDENTIALS,
  SENDGRID_MODIFY_ACTIONS,
  SENDGRID_RESTRICTED_API_KEY,
  type SendgridBounce,
  type SendgridData,
  type SendgridMessage,
} from './sendgrid';
export {
  smsSimulator,
  SMS_DEMO_CREDENTIALS,
  SMS_MODIFY_ACTIONS,
  SMS_NUMBER_RULE,
  SMS_TOKEN_TTL_SECONDS,
  type SmsData,
  type SmsMessage,
} from './sms';
export {
  smtpSimulator,
  SMTP_BOUNCE_DOMAIN,
  SMTP_DEMO_CREDENTIALS,
  SMTP_MODIFY_ACTIONS,
  type SmtpData,
  type SmtpMessage,
} from './smtp';
export {
  SimulatorInputError,
  type SimulatorContext,
  type SimulatorDefinition,
  type SimulatorListener,
  type SimulatorListenerContext,
  type SimulatorStateOptions,
} from './host/simulator';
export { SimulatorHost, type SimulatorHostOptions } from './host/simulator-host';
export {
  SimulatorControl,
  SimulatorControlError,
  type FaultConfig,
  type FaultResponse,
  type RateLimitFault,
  type RecordedRequest,
  type RequestStats,
} from './host/simulator-control';

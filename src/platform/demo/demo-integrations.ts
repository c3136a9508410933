import {
  CLINIC_DEMO_CREDENTIALS,
  discordSeededWebhookPaths,
  EVOLUTION_DEMO_CREDENTIALS,
  IXC_DEMO_CREDENTIALS,
  MAGNUS_DEMO_CREDENTIALS,
  MERCADOPAGO_DEMO_CREDENTIALS,
  PIPEDRIVE_DEMO_CREDENTIALS,
  pipedriveDocumentFieldKey,
  SENDGRID_DEMO_CREDENTIALS,
  SMS_DEMO_CREDENTIALS,
  SMTP_DEMO_CREDENTIALS,
  type SimulatorName,
} from '../../simulators';

/** How the demo tenant reaches one simulated system: the same settings and secrets a real one needs. */
export interface DemoIntegration {
  /**
   * The integration system the settings belong to when it is not the simulator's name: Mercado Pago is
   * part of system `payments`, whose other settings (webhook tolerance) are kept.
   */
  system?: string;
  settings: Record<string, unknown>;
  secrets: Record<string, string>;
}

/**
 * `seed`: the simulators' seed, which decides the ids and tokens of Discord's seeded webhooks.
 * `listener`: where a simulator with its own port (SMTP) listens, when known.
 */
export function demoIntegration(
  name: SimulatorName,
  url: string,
  seed: number,
  listener?: { host: string; port: number },
): DemoIntegration {
  switch (name) {
    case 'clinic':
      return {
        settings: { baseUrl: url, simulated: true },
        secrets: { apiKey: CLINIC_DEMO_CREDENTIALS.apiToken },
      };
    case 'discord': {
      // The first seeded webhook ("Régua Telefonia") receives enforcement reports; failures go there too.
      const [reports] = discordSeededWebhookPaths(seed);
      return { settings: { simulated: true }, secrets: { webhookUrl: `${url}${reports!.path}` } };
    }
    case 'evolution':
      return {
        settings: { baseUrl: url, instance: EVOLUTION_DEMO_CREDENTIALS.instance, simulated: true },
        secrets: { apiKey: EVOLUTION_DEMO_CREDENTIALS.apiKey },
      };
    case 'ixc':
      return {
        settings: { baseUrl: `${url}/webservice/v1`, user: IXC_DEMO_CREDENTIALS.user, simulated: true },
        secrets: { token: IXC_DEMO_CREDENTIALS.token },
      };
    case 'magnus':
      return {
        settings: { baseUrl: `${url}/mbilling`, contractField: 'dist', simulated: true },
        secrets: { apiKey: MAGNUS_DEMO_CREDENTIALS.apiKey, apiSecret: MAGNUS_DEMO_CREDENTIALS.apiSecret },
      };
    case 'mercadopago':
      return {
        system: 'payments',
        settings: { mercadopagoBaseUrl: url, simulated: true },
        secrets: { mercadopagoAccessToken: MERCADOPAGO_DEMO_CREDENTIALS.accessToken },
      };
    case 'pipedrive':
      // Collections pipeline "Cobrança", stage "Novo caso": escalated debtors unknown to the CRM get a deal.
      return {
        settings: {
          baseUrl: url,
          documentFieldKey: pipedriveDocumentFieldKey(seed),
          createDeals: true,
          pipelineId: 2,
          stageId: 3,
          simulated: true,
        },
        secrets: { apiToken: PIPEDRIVE_DEMO_CREDENTIALS.apiToken },
      };
    case 'sendgrid':
      return {
        settings: { baseUrl: url, simulated: true },
        secrets: { apiKey: SENDGRID_DEMO_CREDENTIALS.apiKey },
      };
    case 'sms':
      return {
        settings: { baseUrl: url, simulated: true },
        secrets: { clientId: SMS_DEMO_CREDENTIALS.clientId, clientSecret: SMS_DEMO_CREDENTIALS.clientSecret },
      };
    case 'smtp': {
      // The password is a secret; the URL carries the user only.
      const relay = listener && `smtp://${SMTP_DEMO_CREDENTIALS.user}@${listener.host}:${listener.port}`;
      return {
        settings: { ...(relay ? { url: relay } : {}), simulated: true },
        secrets: { password: SMTP_DEMO_CREDENTIALS.password },
      };
    }
    default:
      return { settings: { baseUrl: url, simulated: true }, secrets: {} };
  }
}

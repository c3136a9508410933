import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { Tenants } from '../tenants';
import { DEFAULT_TENANT_SLUG } from '../users/first-admin.bootstrap';
import { IntegrationSecrets } from './integration-secrets';
import type { IntegrationSystem } from './integration-systems';

interface FromEnvironment {
  system: IntegrationSystem;
  settings: Record<string, string>;
  secrets: Record<string, string>;
}

/** The live-mode variables, as integration settings and secrets of the default tenant. */
export function integrationsFromEnvironment(config: AppConfig): FromEnvironment[] {
  const present = (values: Record<string, string | undefined>): Record<string, string> =>
    Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
  return [
    {
      system: 'ixc' as const,
      settings: present({ baseUrl: config.IXC_BASE_URL, user: config.IXC_USER }),
      secrets: present({ token: config.IXC_TOKEN }),
    },
    {
      system: 'magnus' as const,
      settings: present({
        baseUrl: config.MAGNUS_BASE_URL,
        contractField: config.MAGNUS_BASE_URL ? config.MAGNUS_CONTRACT_FIELD : undefined,
      }),
      secrets: present({ apiKey: config.MAGNUS_API_KEY, apiSecret: config.MAGNUS_API_SECRET }),
    },
    {
      system: 'discord' as const,
      settings: {},
      secrets: present({
        webhookUrl: config.DISCORD_WEBHOOK_URL,
        errorWebhookUrl: config.DISCORD_ERROR_WEBHOOK_URL,
      }),
    },
    {
      system: 'evolution' as const,
      settings: present({ baseUrl: config.EVOLUTION_BASE_URL, instance: config.EVOLUTION_INSTANCE }),
      secrets: present({ apiKey: config.EVOLUTION_API_KEY }),
    },
    {
      system: 'sendgrid' as const,
      settings: {},
      secrets: present({ apiKey: config.SENDGRID_API_KEY }),
    },
    { system: 'smtp' as const, ...smtpFromUrl(config.SMTP_URL) },
    {
      system: 'sms' as const,
      settings: present({ baseUrl: config.SMS_CLIENT_ID ? config.SMS_BASE_URL : undefined }),
      secrets: present({ clientId: config.SMS_CLIENT_ID, clientSecret: config.SMS_CLIENT_SECRET }),
    },
    {
      system: 'clinic' as const,
      settings: present({ baseUrl: config.CLINIC_API_BASE_URL }),
      secrets: present({ apiKey: config.CLINIC_API_KEY }),
    },
  ].filter((i) => Object.keys(i.settings).length + Object.keys(i.secrets).length > 0);
}

/** SMTP_URL split so the password lands among the encrypted secrets, not in the readable settings. */
function smtpFromUrl(smtpUrl: string | undefined): Pick<FromEnvironment, 'settings' | 'secrets'> {
  if (!smtpUrl) return { settings: {}, secrets: {} };
  const url = new URL(smtpUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { settings: { url: url.toString() }, secrets: password ? { password } : {} };
}

/**
 * Live mode: the `default` tenant's integrations start from the environment. Only what the database
 * lacks is written, so settings changed through the API win over the variables on later starts.
 */
@Injectable()
export class LiveIntegrationsBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: Tenants,
    private readonly secrets: IntegrationSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.REGUA_MODE !== 'live') return;
    const integrations = integrationsFromEnvironment(this.config);
    await this.dataSource.transaction(async (manager) => {
      const tenant = await this.tenants.ensure(
        DEFAULT_TENANT_SLUG,
        { name: 'Default', mode: 'live' },
        manager,
      );
      for (const { system, settings, secrets } of integrations) {
        await this.tenants.setIntegration(tenant.id, system, settings, { manager, onlyIfMissing: true });
        await this.secrets.put(tenant.id, system, secrets, { manager, onlyIfMissing: true });
      }
    });
    this.logger.log(
      `Tenant "${DEFAULT_TENANT_SLUG}" integrations bootstrapped from the environment: ${integrations.map((i) => i.system).join(', ')}`,
    );
  }
}

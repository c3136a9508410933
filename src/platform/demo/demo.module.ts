import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/load-config';
import { Tenants } from '../access/tenants';
import { DemoAdmin } from '../access/users/demo-admin';
import type { SimulatorName } from '../../simulators';
import { IntegrationSecrets } from '../access/integrations/integration-secrets';
import { OutboundUrlPolicy } from '../access/outbound/outbound-url-policy';
import { DemoEnvironment } from './demo-environment';
import { demoIntegration } from './demo-integrations';

export const DEMO_TENANT_SLUG = 'demo';

/**
 * Demo mode only: starts the simulators (or uses DEMO_SIMULATORS_URL), points the demo tenant's
 * integrations at them and creates the demo admin. Nothing else in the app knows whether a system is
 * simulated.
 */
@Module({})
export class DemoModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly demo: DemoEnvironment,
    private readonly tenants: Tenants,
    private readonly secrets: IntegrationSecrets,
    private readonly demoAdmin: DemoAdmin,
    private readonly outbound: OutboundUrlPolicy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  static forRoot(): DynamicModule {
    return {
      module: DemoModule,
      providers: [
        {
          provide: DemoEnvironment,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => DemoEnvironment.open(config),
        },
      ],
      exports: [DemoEnvironment],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const tenant = await this.tenants.ensure(DEMO_TENANT_SLUG, { name: 'Demo ISP', mode: 'demo' });
    // Per system: simulator ports change on every start, settings of other systems stay as set.
    for (const [name, url] of Object.entries(this.demo.urls)) {
      // The built-in simulators listen on this host: the deployment vouches for them.
      this.outbound.trust(url);
      const listener = this.demo.listeners[name as SimulatorName];
      if (listener) this.outbound.trust(`smtp://${listener.host}:${listener.port}`);
      const integration = demoIntegration(
        name as SimulatorName,
        url,
        this.config.SIMULATORS_SEED,
        this.demo.listeners[name as SimulatorName],
      );
      const system = integration.system ?? name;
      const kept = integration.system ? (await this.tenants.integrations(tenant.id))[system] : undefined;
      await this.tenants.setIntegration(tenant.id, system, { ...kept, ...integration.settings });
      await this.secrets.put(tenant.id, system, integration.secrets);
    }
    // Evolution delivery webhook (POST /api/v1/webhooks/evolution/demo): a random secret, kept across restarts.
    await this.secrets.put(
      tenant.id,
      'evolution',
      { webhookSecret: randomBytes(24).toString('base64url') },
      { onlyIfMissing: true },
    );
    const where = this.demo.external ? `external host ${this.config.DEMO_SIMULATORS_URL}` : 'in-process';
    this.logger.log(
      { simulators: this.demo.urls },
      `Demo tenant "${tenant.slug}" uses simulators (${where})`,
    );
    const created = await this.demoAdmin.ensure(tenant.slug);
    if (created) {
      // Printed once, when the admin is created: the password is random and stored only as a hash.
      this.logger.warn(
        `Demo admin created — log in to the console at / (or POST /api/v1/auth/login) with email ${created.email} and password ${created.password} (shown only this once)`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.demo.close();
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvalidAdminInputError, UnknownIntegrationError } from '../access.errors';
import { OutboundUrlPolicy } from '../outbound/outbound-url-policy';
import { Tenants } from '../tenants';
import { IntegrationSecrets, type SecretStatus } from './integration-secrets';
import {
  changeProblems,
  INTEGRATION_SYSTEMS,
  isIntegrationSystem,
  SECRET_LOOKING_NAME,
  URL_NAME,
  urlSchemesOf,
} from './integration-systems';

export interface IntegrationChange {
  /** Replaces the system's non-secret settings when given. */
  settings?: Record<string, unknown>;
  /** Sets each named secret; `null` removes it; names not given are kept. */
  secrets?: Record<string, string | null>;
}

export interface IntegrationView {
  system: string;
  settings: Record<string, unknown>;
  secrets: Record<string, SecretStatus>;
}

/** Reads and changes a tenant's integrations: settings in the clear, secrets sealed. */
@Injectable()
export class ConfigureIntegration {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: Tenants,
    private readonly secrets: IntegrationSecrets,
    private readonly outbound: OutboundUrlPolicy,
  ) {}

  async execute(tenantId: string, system: string, change: IntegrationChange): Promise<IntegrationView> {
    if (!isIntegrationSystem(system)) throw new UnknownIntegrationError(system, INTEGRATION_SYSTEMS);
    const secretLooking = Object.keys(change.settings ?? {}).filter((name) => SECRET_LOOKING_NAME.test(name));
    if (secretLooking.length > 0) {
      throw new InvalidAdminInputError(
        `settings.${secretLooking.join(', settings.')} look like secrets: send them in "secrets"`,
      );
    }
    const badUrls = [...this.urlProblems(system, change), ...changeProblems(system, change)];
    if (badUrls.length > 0) throw new InvalidAdminInputError(badUrls.join('; '));
    await this.dataSource.transaction(async (manager) => {
      if (change.settings) await this.tenants.setIntegration(tenantId, system, change.settings, { manager });
      if (change.secrets) await this.secrets.put(tenantId, system, change.secrets, { manager });
    });
    const views = await this.list(tenantId);
    return views.find((view) => view.system === system) ?? { system, settings: {}, secrets: {} };
  }

  /** URLs Régua will call for the tenant (`baseUrl`, `webhookUrl`, …): parseable, http(s), not the host's own. */
  private urlProblems(system: string, change: IntegrationChange): string[] {
    const schemes = urlSchemesOf(system);
    return (['settings', 'secrets'] as const).flatMap((part) =>
      Object.entries(change[part] ?? {})
        .filter((entry): entry is [string, string] => URL_NAME.test(entry[0]) && entry[1] !== null)
        .flatMap(([name, value]) => {
          const problem =
            typeof value === 'string' ? this.outbound.urlProblem(value, schemes) : 'is not a URL';
          return problem ? [`${part}.${name} ${problem}`] : [];
        }),
    );
  }

  async list(tenantId: string): Promise<IntegrationView[]> {
    const [settings, secrets] = [
      await this.tenants.integrations(tenantId),
      await this.secrets.status(tenantId),
    ];
    const systems = [...new Set([...Object.keys(settings), ...Object.keys(secrets)])].sort();
    return systems.map((system) => ({
      system,
      settings: settings[system] ?? {},
      secrets: secrets[system] ?? {},
    }));
  }
}

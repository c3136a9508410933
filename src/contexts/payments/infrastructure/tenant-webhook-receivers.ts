import { Injectable } from '@nestjs/common';
import { IntegrationSecrets } from '../../../platform/access/integrations/integration-secrets';
import { Tenants } from '../../../platform/access/tenants';
import { TtlCache } from '../../../shared/cache/ttl-cache';
import { WebhookReceivers, type WebhookReceiver } from '../application/ports/webhook-receivers';
import { receiverSettings } from '../domain/receiver-settings';
import type { PaymentProvider } from '../domain/provider-notifications';

/**
 * Receivers from `access.tenants.integrations.payments` (toleranceSeconds) and the encrypted secrets of
 * system `payments` (`<provider>Secret` and `<provider>PreviousSecret`), cached a few seconds: a burst of
 * webhooks reads them once, and a rotated secret takes effect within the TTL.
 */
@Injectable()
export class TenantWebhookReceivers extends WebhookReceivers {
  private readonly cache = new TtlCache<WebhookReceiver | null>(5_000, 1_000);

  constructor(
    private readonly tenants: Tenants,
    private readonly secrets: IntegrationSecrets,
  ) {
    super();
  }

  receiver(tenantId: string, provider: PaymentProvider): Promise<WebhookReceiver | null> {
    return this.cache.get(`${tenantId}/${provider}`, () => this.load(tenantId, provider));
  }

  private async load(tenantId: string, provider: PaymentProvider): Promise<WebhookReceiver | null> {
    const [current, previous] = await Promise.all([
      this.secrets.get(tenantId, 'payments', `${provider}Secret`),
      this.secrets.get(tenantId, 'payments', `${provider}PreviousSecret`),
    ]);
    if (!current) return null;
    const settings = receiverSettings((await this.tenants.integrations(tenantId)).payments);
    return {
      secrets: [current, ...(previous ? [previous] : [])],
      toleranceSeconds: settings.toleranceSeconds,
    };
  }
}

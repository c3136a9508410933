import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { IntegrationSecrets } from '../../../../platform/access/integrations/integration-secrets';
import { Tenants } from '../../../../platform/access/tenants';
import { MetricsService } from '../../../../platform/observability/metrics.service';
import { OutboundHttpMetrics } from '../../../../platform/outbound-http';
import {
  PaymentLookupFailedError,
  PaymentLookups,
  type LookedUpPayment,
} from '../../application/ports/payment-lookups';
import type { PaymentProvider } from '../../domain/provider-notifications';
import { MercadoPagoClient, MercadoPagoError } from './mercadopago.client';
import { lookedUpPayment } from './mercadopago-payment';
import { mercadoPagoSettings, type MercadoPagoSettings } from './mercadopago-settings';

const SETTINGS_TTL_MS = 30_000;

/**
 * PaymentLookups over each tenant's Mercado Pago (`payments` secret `mercadopagoAccessToken`, setting
 * `mercadopagoBaseUrl` or MERCADOPAGO_BASE_URL). One client per tenant (its limits are the tenant's),
 * re-read at least every 30 s so a new token takes effect.
 */
@Injectable()
export class TenantMercadoPagoLookups extends PaymentLookups implements OnApplicationShutdown {
  private readonly clients = new Map<
    string,
    { client: MercadoPagoClient; settings: MercadoPagoSettings; at: number }
  >();

  constructor(
    private readonly tenants: Tenants,
    private readonly secrets: IntegrationSecrets,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async lookUp(
    tenantId: string,
    provider: PaymentProvider,
    providerPaymentId: string,
  ): Promise<LookedUpPayment> {
    if (provider !== 'mercadopago') throw new Error(`no payment lookup for provider ${provider}`);
    const client = await this.client(tenantId);
    let resource;
    try {
      resource = await client.payment(providerPaymentId);
    } catch (error) {
      if (error instanceof MercadoPagoError) throw new PaymentLookupFailedError(error.message);
      throw error;
    }
    return resource === null ? { found: false } : lookedUpPayment(resource);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.clients.values()].map((c) => c.client.close()));
    this.clients.clear();
  }

  private async client(tenantId: string): Promise<MercadoPagoClient> {
    const cached = this.clients.get(tenantId);
    if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.client;
    const settings = mercadoPagoSettings(
      (await this.tenants.integrations(tenantId)).payments,
      await this.secrets.get(tenantId, 'payments', 'mercadopagoAccessToken'),
      this.config.MERCADOPAGO_BASE_URL,
    );
    if (!settings)
      throw new PaymentLookupFailedError(
        'no Mercado Pago access token: set secrets.mercadopagoAccessToken with PUT /api/v1/admin/integrations/payments',
      );
    if (cached && JSON.stringify(cached.settings) === JSON.stringify(settings)) {
      cached.at = Date.now();
      return cached.client;
    }
    if (cached) void cached.client.close();
    const client = new MercadoPagoClient(settings, OutboundHttpMetrics.in(this.metrics.registry));
    this.clients.set(tenantId, { client, settings, at: Date.now() });
    return client;
  }
}

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { Tenants } from '../../../../platform/access/tenants';
import { WhatsappWebhookRegistration } from '../../application/whatsapp/whatsapp-webhook-registration';

const LOOK_EVERY_MS = 2000;
const LOOKS = 30;
/** Looks spent waiting for this process to listen before falling back to config PORT. */
const WAIT_FOR_LISTEN = 5;

/**
 * Demo mode only: points the simulated Evolution instance of each demo tenant at this process's
 * delivery-feedback webhook, so a reply "SAIR" in the simulator opts the debtor out. The URL is
 * `http://127.0.0.1:<port>` with the port this process listens on (config PORT; a test app listens on a
 * free port). Retried for a while: the demo tenant and its simulators may not be set up yet.
 */
@Injectable()
export class DemoWhatsappWebhook implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationDemo');
  private readonly registered = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private looks = 0;
  private running = false;

  constructor(
    private readonly tenants: Tenants,
    private readonly registration: WhatsappWebhookRegistration,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.look(), LOOK_EVERY_MS).unref();
    void this.look();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async look(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.looks += 1;
    if (this.looks >= LOOKS) clearInterval(this.timer);
    try {
      const baseUrl = this.publicBaseUrl();
      if (!baseUrl) return;
      let pending = 0;
      for (const tenant of await this.tenants.withIntegration('evolution')) {
        if (this.registered.has(tenant.id)) continue;
        const evolution = (await this.tenants.integrations(tenant.id)).evolution as
          { simulated?: boolean } | undefined;
        if (!evolution?.simulated) continue;
        try {
          const { url } = await this.registration.register(tenant.id, baseUrl);
          this.registered.add(tenant.id);
          this.logger.log({ tenant: tenant.slug, url }, 'Demo tenant: WhatsApp replies come back to Régua');
        } catch (error) {
          pending += 1;
          this.logger.warn({ err: error, tenant: tenant.slug }, 'Demo WhatsApp webhook not registered yet');
        }
      }
      if (this.registered.size > 0 && pending === 0) clearInterval(this.timer);
    } catch (error) {
      this.logger.warn({ err: error }, 'Demo WhatsApp webhook not registered yet');
    } finally {
      this.running = false;
    }
  }

  /** The port this process listens on; config PORT when it does not listen (yet) after a few looks. */
  private publicBaseUrl(): string | undefined {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as
      { address?: () => AddressInfo | string | null } | undefined;
    const address = server?.address?.();
    if (address && typeof address === 'object') return `http://127.0.0.1:${address.port}`;
    return this.looks > WAIT_FOR_LISTEN ? `http://127.0.0.1:${this.config.PORT}` : undefined;
  }
}

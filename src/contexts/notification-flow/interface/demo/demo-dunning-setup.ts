import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { GetTenantIntegrationsQuery } from '../../../../platform/access/contracts';
import { Tenants } from '../../../../platform/access/tenants';
import { PrepareDemoTenantCommand } from '../../application/prepare-demo-tenant/prepare-demo-tenant.command';
import { RegisterWhatsappWebhookCommand } from '../../application/register-whatsapp-webhook/register-whatsapp-webhook.command';
const LOOK_EVERY_MS = 2000;
const LOOKS = 30;
/** Looks spent waiting for this process to listen before falling back to config PORT. */
const WAIT_FOR_LISTEN = 5;

/**
 * Demo mode only, for each tenant whose Evolution API is simulated, dispatches:
 * - `PrepareDemoTenantCommand`: contact hours every day at any hour, so a fresh clone shows messages
 *   going out on a Sunday night too (written once, as ordinary settings an operator can change);
 * - `RegisterWhatsappWebhookCommand`: the simulated instance's webhook pointed at this process
 *   (`http://127.0.0.1:<port it listens on>`; a test app listens on a free port), so a reply "SAIR" in
 *   the simulator opts the debtor out.
 * Retried for a while: the demo tenant and its simulators may not be set up yet.
 */
@Injectable()
export class DemoDunningSetup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationDemo');
  private readonly hoursSet = new Set<string>();
  private readonly registered = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private looks = 0;
  private running = false;

  constructor(
    private readonly tenants: Tenants,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
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
      let pending = 0;
      let seen = 0;
      for (const tenant of await this.tenants.withIntegration('evolution')) {
        const evolution = (await this.queries.execute(new GetTenantIntegrationsQuery(tenant.id)))
          .evolution as { simulated?: boolean } | undefined;
        if (!evolution?.simulated) continue;
        seen += 1;
        if (!this.hoursSet.has(tenant.id)) {
          await this.alwaysOpen(tenant);
          this.hoursSet.add(tenant.id);
        }
        if (!this.registered.has(tenant.id) && !(await this.register(tenant))) pending += 1;
      }
      if (seen > 0 && pending === 0) clearInterval(this.timer);
    } catch (error) {
      this.logger.warn({ err: error }, 'Demo dunning setup not done yet');
    } finally {
      this.running = false;
    }
  }

  private async alwaysOpen(tenant: { id: string; slug: string; timeZone: string }): Promise<void> {
    if (await this.commands.execute(new PrepareDemoTenantCommand(tenant.id, tenant.timeZone)))
      this.logger.log({ tenant: tenant.slug }, 'Demo tenant: dunning messages may go out at any hour');
  }

  private async register(tenant: { id: string; slug: string }): Promise<boolean> {
    const baseUrl = this.publicBaseUrl();
    if (!baseUrl) return false;
    try {
      const { url } = await this.commands.execute(new RegisterWhatsappWebhookCommand(tenant.id, baseUrl));
      this.registered.add(tenant.id);
      this.logger.log({ tenant: tenant.slug, url }, 'Demo tenant: WhatsApp replies come back to Régua');
      return true;
    } catch (error) {
      this.logger.warn({ err: error, tenant: tenant.slug }, 'Demo WhatsApp webhook not registered yet');
      return false;
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

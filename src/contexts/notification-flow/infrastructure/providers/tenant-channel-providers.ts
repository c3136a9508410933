import { Inject, Injectable, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { IntegrationSecrets } from '../../../../platform/access/integrations/integration-secrets';
import { Tenants } from '../../../../platform/access/tenants';
import { MetricsService } from '../../../../platform/observability/metrics.service';
import { OutboundHttpMetrics } from '../../../../platform/outbound-http';
import {
  ChannelProviders,
  ProviderFailure,
  type ChannelSender,
  type OutgoingMessage,
} from '../../application/ports/channel-providers';
import type { Channel } from '../../domain/cadence';
import { AssertivaSmsClient } from './assertiva-sms.client';
import { parseSender, senderOf } from './email-sender';
import { EvolutionClient } from './evolution.client';
import { SendgridClient } from './sendgrid.client';
import { SmtpClient } from './smtp.client';

/** How often a tenant's settings are re-read, so a change made through the API takes effect. */
const SETTINGS_TTL_MS = 30_000;
const SENDGRID_BASE_URL = 'https://api.sendgrid.com';

type Settings = Record<string, unknown>;
type System = 'evolution' | 'sendgrid' | 'smtp' | 'sms';

/** A built client and what it was built from; `null` client = the tenant has none for the channel. */
interface Cached {
  sender: (ChannelSender & { close?(): Promise<void> }) | null;
  fingerprint: string;
  checkedAt: number;
}

type Built = Cached['sender'];

/** How to build a system's client, and what it is built from (compared to know when to rebuild). */
interface Plan {
  /** settings and secrets the client is built from; undefined = not configured */
  from: unknown;
  build(): Built;
}

const NONE: Plan = { from: undefined, build: () => null };

/**
 * The ChannelProviders port over each tenant's integrations (`access.tenants.integrations` + encrypted
 * secrets): `evolution` (baseUrl, instance; apiKey) for WhatsApp, `sms` (baseUrl; clientId, clientSecret)
 * for Assertiva, and for e-mail `sendgrid` (baseUrl, fromEmail, fromName; apiKey) when configured, else
 * `smtp` (url without password, fromEmail, fromName; password). One client per tenant and system, rebuilt
 * when its settings change. A system that is set up but incomplete answers `unavailable` on every send
 * rather than vanishing from the fallback order, so the operators hear about it.
 *
 * Every read goes through the caller's `manager`: the embedded database has one connection, and a query
 * outside the caller's transaction would wait for it forever.
 */
@Injectable()
export class TenantChannelProviders extends ChannelProviders implements OnApplicationShutdown {
  private readonly cache = new Map<string, Cached>();
  private readonly outboundMetrics: OutboundHttpMetrics | undefined;

  constructor(
    private readonly tenants: Tenants,
    private readonly secrets: IntegrationSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() metrics?: MetricsService,
  ) {
    super();
    this.outboundMetrics = metrics && OutboundHttpMetrics.in(metrics.registry);
  }

  async sender(tenantId: string, channel: Channel, manager?: EntityManager): Promise<ChannelSender | null> {
    switch (channel) {
      case 'whatsapp':
        return this.client(tenantId, 'evolution', manager);
      case 'sms':
        return this.client(tenantId, 'sms', manager);
      case 'email':
        return (await this.client(tenantId, 'sendgrid', manager)) ?? this.client(tenantId, 'smtp', manager);
    }
  }

  async whatsappState(
    tenantId: string,
    manager?: EntityManager,
  ): Promise<{ instance: string; state: 'open' | 'connecting' | 'close' | 'refused' | 'unknown' }> {
    const client = await this.client(tenantId, 'evolution', manager);
    if (!(client instanceof EvolutionClient)) return { instance: '', state: 'unknown' };
    return { instance: client.instance, state: await client.connectionState() };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.cache.values()].map((c) => c.sender?.close?.()));
    this.cache.clear();
  }

  private async client(
    tenantId: string,
    system: System,
    manager?: EntityManager,
  ): Promise<ChannelSender | null> {
    const key = `${tenantId}:${system}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.checkedAt < SETTINGS_TTL_MS) return cached.sender;
    const plan = await this.plan(tenantId, system, manager);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(plan.from ?? null))
      .digest('hex');
    if (cached && cached.fingerprint === fingerprint) {
      cached.checkedAt = Date.now();
      return cached.sender;
    }
    const sender = plan.build();
    this.cache.set(key, { sender, fingerprint, checkedAt: Date.now() });
    if (cached) void cached.sender?.close?.();
    return sender;
  }

  private async plan(tenantId: string, system: System, manager?: EntityManager): Promise<Plan> {
    const settings = (await this.tenants.integrations(tenantId, manager))[system] as Settings | undefined;
    const secret = (name: string) => this.secrets.get(tenantId, system, name, manager);
    const incomplete = (problem: string): Plan => ({
      from: problem,
      build: () => new MisconfiguredSender(system, problem),
    });
    switch (system) {
      case 'evolution': {
        const apiKey = await secret('apiKey');
        if (!settings && !apiKey) return NONE;
        const baseUrl = text(settings?.baseUrl);
        const instance = text(settings?.instance);
        if (!baseUrl || !instance || !apiKey)
          return incomplete('needs baseUrl, instance and the apiKey secret');
        const connection = {
          baseUrl,
          instance,
          apiKey,
          messagesPerSecond: positive(settings?.messagesPerSecond),
        };
        return { from: connection, build: () => new EvolutionClient(connection, this.outboundMetrics) };
      }
      case 'sendgrid': {
        const apiKey = await secret('apiKey');
        if (!apiKey) return settings ? incomplete('needs the apiKey secret') : NONE;
        const baseUrl = text(settings?.baseUrl) ?? SENDGRID_BASE_URL;
        const connection = { baseUrl, apiKey, from: this.from(settings) };
        return { from: connection, build: () => new SendgridClient(connection, this.outboundMetrics) };
      }
      case 'smtp': {
        if (!settings) return NONE;
        const url = text(settings.url);
        if (!url || !/^smtps?:\/\//.test(url)) return incomplete('needs url (smtp://user@host:port)');
        const connection = {
          url,
          password: await secret('password'),
          from: this.from(settings),
          maxConnections: positive(settings.maxConnections),
        };
        return { from: connection, build: () => new SmtpClient(connection) };
      }
      case 'sms': {
        const clientId = await secret('clientId');
        const clientSecret = await secret('clientSecret');
        if (!settings && !clientId) return NONE;
        if (!clientId || !clientSecret) return incomplete('needs the clientId and clientSecret secrets');
        const baseUrl = text(settings?.baseUrl) ?? this.config.SMS_BASE_URL;
        const connection = { baseUrl, clientId, clientSecret };
        return { from: connection, build: () => new AssertivaSmsClient(connection, this.outboundMetrics) };
      }
    }
  }

  private from(settings: Settings | undefined) {
    return senderOf(settings, parseSender(this.config.EMAIL_FROM));
  }
}

/** A system the tenant started to set up: every send fails `unavailable` until it is completed. */
class MisconfiguredSender implements ChannelSender {
  constructor(
    readonly provider: string,
    private readonly problem: string,
  ) {}

  send(_message: OutgoingMessage): Promise<never> {
    return Promise.reject(
      new ProviderFailure(
        'unavailable',
        'NOTIFICATION_FLOW.PROVIDER_NOT_CONFIGURED',
        `${this.provider} is not fully configured: ${this.problem} (PUT /api/v1/admin/integrations/${this.provider})`,
        this.provider,
      ),
    );
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}

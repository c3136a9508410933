import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntegrationSecrets } from '../../../../platform/access/integrations/integration-secrets';
import { DomainError } from '../../../../shared/errors/domain-error';
import { ChannelProviders, ProviderFailure, type ChannelSender } from '../ports/channel-providers';

/** What registering answers: where Evolution will post, and which events. */
export interface WhatsappWebhookRegistered {
  url: string;
  events: string[];
}

/** A WhatsApp sender that can point its instance's webhook somewhere (the Evolution client). */
interface WebhookSetter {
  readonly instance: string;
  setWebhook(
    instance: string,
    target: { url: string; headers: Record<string, string> },
  ): Promise<WhatsappWebhookRegistered>;
}

const canSetWebhook = (sender: ChannelSender | null): sender is ChannelSender & WebhookSetter =>
  typeof (sender as Partial<WebhookSetter> | null)?.setWebhook === 'function' &&
  typeof (sender as Partial<WebhookSetter>).instance === 'string';

export class WhatsappNotConfiguredError extends DomainError {
  constructor(detail: string) {
    super(
      'NOTIFICATION_FLOW.WHATSAPP_NOT_CONFIGURED',
      'conflict',
      `The tenant has no usable Evolution integration: ${detail} (PUT /api/v1/admin/integrations/evolution)`,
    );
  }
}

export class WhatsappWebhookRefusedError extends DomainError {
  constructor(failure: ProviderFailure) {
    super(
      'NOTIFICATION_FLOW.WHATSAPP_WEBHOOK_FAILED',
      'unavailable',
      `Evolution did not set the webhook: ${failure.message}`,
      { providerCode: failure.code },
    );
  }
}

/**
 * Points the tenant's Evolution instance at Régua's delivery-feedback webhook
 * (`POST /api/v1/webhooks/evolution/{slug}`), authenticated by `Authorization: Bearer <webhookSecret>`.
 * The secret is generated (and stored, encrypted) the first time; later registrations reuse it, so a
 * re-registration never breaks a webhook that is already working.
 */
@Injectable()
export class WhatsappWebhookRegistration {
  private readonly logger = new Logger('WhatsappWebhook');

  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: ChannelProviders,
    private readonly secrets: IntegrationSecrets,
  ) {}

  /** `publicBaseUrl`: how Evolution reaches this API (`https://regua.example.com`), no path. */
  async register(tenantId: string, publicBaseUrl: string): Promise<WhatsappWebhookRegistered> {
    const sender = await this.providers.sender(tenantId, 'whatsapp');
    if (!sender) throw new WhatsappNotConfiguredError('not set up');
    if (!canSetWebhook(sender)) throw new WhatsappNotConfiguredError('baseUrl, instance or apiKey missing');
    const slug = await this.slugOf(tenantId);
    const secret = await this.webhookSecret(tenantId);
    const url = `${publicBaseUrl.replace(/\/+$/, '')}/api/v1/webhooks/evolution/${slug}`;
    try {
      const registered = await sender.setWebhook(sender.instance, {
        url,
        headers: { Authorization: `Bearer ${secret}` },
      });
      this.logger.log({ tenant: slug, url, instance: sender.instance }, 'Evolution webhook registered');
      return registered;
    } catch (error) {
      if (error instanceof ProviderFailure) throw new WhatsappWebhookRefusedError(error);
      throw error;
    }
  }

  private async slugOf(tenantId: string): Promise<string> {
    const [row] = (await this.dataSource.query(`SELECT slug FROM access.tenants WHERE id = $1`, [
      tenantId,
    ])) as Array<{ slug: string }>;
    if (!row) throw new WhatsappNotConfiguredError('unknown tenant');
    return row.slug;
  }

  /** The stored secret, or a new one; two concurrent first registrations end up with the same. */
  private async webhookSecret(tenantId: string): Promise<string> {
    const existing = await this.secrets.get(tenantId, 'evolution', 'webhookSecret');
    if (existing) return existing;
    await this.secrets.put(
      tenantId,
      'evolution',
      { webhookSecret: randomBytes(24).toString('base64url') },
      { onlyIfMissing: true },
    );
    const stored = await this.secrets.get(tenantId, 'evolution', 'webhookSecret');
    if (!stored) throw new Error('webhookSecret was not stored');
    return stored;
  }
}

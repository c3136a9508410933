import { Logger } from '@nestjs/common';
import { CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { randomBytes } from 'node:crypto';
import { GetTenantQuery } from '../../../../platform/access/contracts';
import { IntegrationSecrets } from '../../../../platform/access/integrations/integration-secrets';
import { ChannelProviders, ProviderFailure, type ChannelSender } from '../ports/channel-providers';
import {
  RegisterWhatsappWebhookCommand,
  type WhatsappWebhookRegistered,
} from './register-whatsapp-webhook.command';
import { WhatsappNotConfiguredError, WhatsappWebhookRefusedError } from './whatsapp-webhook.errors';

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

@CommandHandler(RegisterWhatsappWebhookCommand)
export class RegisterWhatsappWebhookHandler implements ICommandHandler<
  RegisterWhatsappWebhookCommand,
  WhatsappWebhookRegistered
> {
  private readonly logger = new Logger('WhatsappWebhook');

  constructor(
    private readonly queries: QueryBus,
    private readonly providers: ChannelProviders,
    private readonly secrets: IntegrationSecrets,
  ) {}

  async execute({
    tenantId,
    publicBaseUrl,
  }: RegisterWhatsappWebhookCommand): Promise<WhatsappWebhookRegistered> {
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
    const tenant = await this.queries.execute(new GetTenantQuery(tenantId));
    if (!tenant) throw new WhatsappNotConfiguredError('unknown tenant');
    return tenant.slug;
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

import { DomainError } from '../../../../shared/errors/domain-error';
import type { ProviderFailure } from '../ports/channel-providers';

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

import { Command } from '@nestjs/cqrs';

/** What registering answers: where Evolution will post, and which events. */
export interface WhatsappWebhookRegistered {
  url: string;
  events: string[];
}

/**
 * Points the tenant's Evolution instance at Régua's delivery-feedback webhook
 * (`POST /api/v1/webhooks/evolution/{slug}`), authenticated by `Authorization: Bearer <webhookSecret>`.
 * The secret is generated (and stored, encrypted) the first time; later registrations reuse it, so a
 * re-registration never breaks a webhook that is already working. 409 without a usable Evolution
 * integration, 503 when Evolution refuses.
 */
export class RegisterWhatsappWebhookCommand extends Command<WhatsappWebhookRegistered> {
  constructor(
    readonly tenantId: string,
    /** how Evolution reaches this API (`https://regua.example.com`), no path */
    readonly publicBaseUrl: string,
  ) {
    super();
  }
}

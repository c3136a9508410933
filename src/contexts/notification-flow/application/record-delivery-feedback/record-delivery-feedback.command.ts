import { Command } from '@nestjs/cqrs';
import type { FeedbackEvent, FeedbackOutcome } from '../../domain/delivery-feedback';

/**
 * Delivery feedback from WhatsApp (one Evolution webhook call): acks append history to the message's
 * schedule; replies are recorded, and a stop word opts the debtor out. Unknown messages and senders are
 * ignored. Each item commits on its own (an ack, or a reply for one debtor), so a redelivered webhook
 * changes nothing it already recorded.
 */
export class RecordDeliveryFeedbackCommand extends Command<FeedbackOutcome> {
  constructor(
    readonly tenantId: string,
    readonly events: FeedbackEvent[],
  ) {
    super();
  }
}

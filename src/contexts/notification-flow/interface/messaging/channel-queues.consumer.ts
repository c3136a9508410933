import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import { SendMessageCommand, type SendRequest } from '../../application/send-message/send-message.command';
import type { Channel } from '../../domain/cadence';
import { MessageDueEvent, type MessageDuePayload } from '../../contracts/notification-events';

/**
 * The channel queues `email`, `sms`, `whatsapp`. They manage their own transactions: the `sending`
 * mark must be committed before the provider is called, so the backbone's one-transaction delivery
 * does not fit (the schedule's status machine is what makes them idempotent).
 */
@Injectable()
abstract class ChannelQueueConsumer implements MessageHandler<MessageDuePayload> {
  protected abstract readonly channel: Channel;

  constructor(private readonly commandBus: CommandBus) {}

  handle(message: InboundMessage<MessageDuePayload>, _manager: EntityManager): Promise<void> {
    return this.commandBus.execute(new SendMessageCommand(this.channel, [request(message)]));
  }

  handleBatch(messages: Array<InboundMessage<MessageDuePayload>>, _manager: EntityManager): Promise<void> {
    return this.commandBus.execute(new SendMessageCommand(this.channel, messages.map(request)));
  }
}

function request(message: InboundMessage<MessageDuePayload>): SendRequest {
  if (!message.tenantId) throw new Error(`message ${message.messageId} has no tenant`);
  return {
    tenantId: message.tenantId,
    scheduleId: message.payload.scheduleId,
    attempt: message.attempt,
    // a dead letter sent again by an operator (DeadLetters.replay): "try again", not a duplicate
    replay: message.headers.replayOf !== undefined,
  };
}

const options = (channel: Channel) => ({
  name: `notification_flow.${channel}`,
  routingKeys: [MessageDueEvent.routingKeyOf(channel)],
  // attempts and delays: MESSAGING_MAX_ATTEMPTS / MESSAGING_RETRY_DELAYS_MS (the worker reads the same)
  // Up to four batches of 100 (the transport's MAX_CONCURRENT_BATCHES × MAX_BATCH) in flight at once: with
  // 100, one batch's claim, sends and settle ran one after another and capped a channel near 250 sends/s.
  prefetch: 400,
  ownTransactions: true,
});

@MessageConsumer(options('email'))
export class EmailQueueConsumer extends ChannelQueueConsumer {
  protected readonly channel = 'email' as const;
}

@MessageConsumer(options('sms'))
export class SmsQueueConsumer extends ChannelQueueConsumer {
  protected readonly channel = 'sms' as const;
}

@MessageConsumer(options('whatsapp'))
export class WhatsappQueueConsumer extends ChannelQueueConsumer {
  protected readonly channel = 'whatsapp' as const;
}

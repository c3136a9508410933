import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import {
  EnforcementActionSettledEvent,
  EnforcementRunFinishedEvent,
  type ActionSettledPayload,
  type RunFinishedPayload,
} from '../../contracts/enforcement-events';
import type { ReportItem } from '../../application/ports/enforcement-reports';
import { ReportToDiscordCommand } from '../../application/report-to-discord/report-to-discord.command';

type Payload = ActionSettledPayload | RunFinishedPayload;

/** Posts enforcement reports to Discord; messages that arrive together share webhook posts. */
@MessageConsumer({
  name: 'telephony_enforcement.discord_reports',
  routingKeys: [EnforcementActionSettledEvent.ROUTING_KEY, EnforcementRunFinishedEvent.ROUTING_KEY],
  maxAttempts: 8,
  retryDelaysMs: [2000, 10_000, 30_000, 60_000, 300_000],
  prefetch: 100,
})
export class DiscordReportsConsumer implements MessageHandler<Payload> {
  constructor(private readonly commands: CommandBus) {}

  handle(message: InboundMessage<Payload>, tx: EntityManager): Promise<void> {
    return this.commands.execute(new ReportToDiscordCommand([item(message)], tx));
  }

  handleBatch(messages: Array<InboundMessage<Payload>>, tx: EntityManager): Promise<void> {
    return this.commands.execute(new ReportToDiscordCommand(messages.map(item), tx));
  }
}

function item(message: InboundMessage<Payload>): ReportItem {
  if (!message.tenantId) throw new Error(`message ${message.messageId} has no tenant`);
  return message.routingKey === EnforcementRunFinishedEvent.ROUTING_KEY
    ? { kind: 'run', tenantId: message.tenantId, payload: message.payload as RunFinishedPayload }
    : { kind: 'action', tenantId: message.tenantId, payload: message.payload as ActionSettledPayload };
}

import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApplyActionsCommand,
  type ApplyRequest,
} from '../../application/apply-actions/apply-actions.command';
import { EnforcementActionPlannedEvent, type ActionPlannedPayload } from '../../domain/action-planned.event';

const MAX_ATTEMPTS = 5;

/**
 * Applies planned actions to Magnus (retries with backoff; the last attempt records a failure). Prefetch
 * matches the transport's largest batch: a batch's lines are read from Magnus in one request, so fuller
 * batches mean fewer reads (a 239-action run: 36 reads at a prefetch of 32, 10 at 100).
 */
@MessageConsumer({
  name: 'telephony_enforcement.apply_actions',
  routingKeys: [EnforcementActionPlannedEvent.ROUTING_KEY],
  maxAttempts: MAX_ATTEMPTS,
  retryDelaysMs: [1000, 5000, 15_000, 60_000],
  prefetch: 100,
})
export class ApplyActionsConsumer implements MessageHandler<ActionPlannedPayload> {
  constructor(private readonly commands: CommandBus) {}

  handle(message: InboundMessage<ActionPlannedPayload>, tx: EntityManager): Promise<void> {
    return this.commands.execute(new ApplyActionsCommand([request(message)], tx));
  }

  handleBatch(messages: Array<InboundMessage<ActionPlannedPayload>>, tx: EntityManager): Promise<void> {
    return this.commands.execute(new ApplyActionsCommand(messages.map(request), tx));
  }
}

function request(message: InboundMessage<ActionPlannedPayload>): ApplyRequest {
  if (!message.tenantId) throw new Error(`message ${message.messageId} has no tenant`);
  return {
    tenantId: message.tenantId,
    actionId: message.payload.actionId,
    dryRun: message.payload.dryRun,
    lastAttempt: message.attempt >= MAX_ATTEMPTS,
  };
}

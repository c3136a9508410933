import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import {
  CaseDebtsJoinedEvent,
  CaseOpenedEvent,
  type CaseDebtsJoinedPayload,
} from '../../../debt-escalation/contracts';
import { WhenDebtEscalatedStopCadencePolicy } from '../../application/policies/when-debt-escalated-stop-cadence.policy';

/** The queue of debt-escalation's case events: opened and debts joined go to the stop-cadence policy. */
@MessageConsumer({
  name: 'notification_flow.escalated_debts',
  routingKeys: [CaseOpenedEvent.ROUTING_KEY, CaseDebtsJoinedEvent.ROUTING_KEY],
})
export class EscalatedDebtsConsumer implements MessageHandler<CaseDebtsJoinedPayload> {
  constructor(private readonly stopCadence: WhenDebtEscalatedStopCadencePolicy) {}

  async handle(message: InboundMessage<CaseDebtsJoinedPayload>, tx: EntityManager): Promise<void> {
    const tenantId = message.tenantId;
    if (!tenantId) throw new Error(`message ${message.messageId} has no tenant`);
    await this.stopCadence.react({ tenantId, payload: message.payload }, tx);
  }
}

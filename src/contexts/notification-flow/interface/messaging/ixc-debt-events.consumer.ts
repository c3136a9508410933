import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import {
  ContractStatusChangedEvent,
  ReceivableCancelledEvent,
  ReceivableDueSoonEvent,
  ReceivableOverdueEvent,
  ReceivablePaidEvent,
} from '../../../sync-ixc/contracts';
import type { Policy } from '../../application/policies/policy';
import { WhenContractStatusChangedCloseContractDebtsPolicy } from '../../application/policies/when-contract-status-changed-close-contract-debts.policy';
import { WhenReceivableCancelledCloseDebtPolicy } from '../../application/policies/when-receivable-cancelled-close-debt.policy';
import { WhenReceivableDueSoonPlanCyclePolicy } from '../../application/policies/when-receivable-due-soon-plan-cycle.policy';
import { WhenReceivableOverduePlanCyclePolicy } from '../../application/policies/when-receivable-overdue-plan-cycle.policy';
import { WhenReceivablePaidCloseDebtPolicy } from '../../application/policies/when-receivable-paid-close-debt.policy';

/**
 * The queue of sync-ixc's receivable and contract events, translated for this context: each routing key
 * goes to its policy (`application/policies/`) with the tenant and the event's contract payload, in the
 * transaction the inbox records the message in. No decision is taken here; a key without a policy is
 * acknowledged and ignored.
 */
@MessageConsumer({
  name: 'notification_flow.ixc_debts',
  routingKeys: [
    ReceivableDueSoonEvent.ROUTING_KEY,
    ReceivableOverdueEvent.ROUTING_KEY,
    ReceivablePaidEvent.ROUTING_KEY,
    ReceivableCancelledEvent.ROUTING_KEY,
    ContractStatusChangedEvent.ROUTING_KEY,
  ],
})
export class IxcDebtEventsConsumer implements MessageHandler {
  private readonly policies: ReadonlyMap<string, Policy<never>>;

  constructor(
    dueSoon: WhenReceivableDueSoonPlanCyclePolicy,
    overdue: WhenReceivableOverduePlanCyclePolicy,
    paid: WhenReceivablePaidCloseDebtPolicy,
    cancelled: WhenReceivableCancelledCloseDebtPolicy,
    contractChanged: WhenContractStatusChangedCloseContractDebtsPolicy,
  ) {
    this.policies = new Map<string, Policy<never>>([
      [ReceivableDueSoonEvent.ROUTING_KEY, dueSoon],
      [ReceivableOverdueEvent.ROUTING_KEY, overdue],
      [ReceivablePaidEvent.ROUTING_KEY, paid],
      [ReceivableCancelledEvent.ROUTING_KEY, cancelled],
      [ContractStatusChangedEvent.ROUTING_KEY, contractChanged],
    ]);
  }

  async handle(message: InboundMessage, tx: EntityManager): Promise<void> {
    const tenantId = message.tenantId;
    if (!tenantId) throw new Error(`message ${message.messageId} has no tenant`);
    const policy = this.policies.get(message.routingKey);
    if (policy) await policy.react({ tenantId, payload: message.payload as never }, tx);
  }
}

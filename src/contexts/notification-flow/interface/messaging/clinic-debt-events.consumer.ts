import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import {
  ClinicContractStatusChangedEvent,
  InstallmentCancelledEvent,
  InstallmentDueSoonEvent,
  InstallmentOverdueEvent,
  InstallmentPaidEvent,
} from '../../../debtor-sync/contracts';
import type { Policy } from '../../application/policies/policy';
import { WhenClinicContractStatusChangedCloseContractDebtsPolicy } from '../../application/policies/when-clinic-contract-status-changed-close-contract-debts.policy';
import { WhenInstallmentCancelledCloseDebtPolicy } from '../../application/policies/when-installment-cancelled-close-debt.policy';
import { WhenInstallmentDueSoonPlanCyclePolicy } from '../../application/policies/when-installment-due-soon-plan-cycle.policy';
import { WhenInstallmentOverduePlanCyclePolicy } from '../../application/policies/when-installment-overdue-plan-cycle.policy';
import { WhenInstallmentPaidCloseDebtPolicy } from '../../application/policies/when-installment-paid-close-debt.policy';

/**
 * The queue of debtor-sync's installment and contract events (the clinic network), translated for this
 * context like the IXC one: each routing key goes to its policy (`application/policies/`) with the tenant and
 * the event's contract payload, in the transaction the inbox records the message in. A clinic debtor gets
 * the same cadence, templates, business hours, throttles and history as an ISP customer.
 */
@MessageConsumer({
  name: 'notification_flow.clinic_debts',
  routingKeys: [
    InstallmentDueSoonEvent.ROUTING_KEY,
    InstallmentOverdueEvent.ROUTING_KEY,
    InstallmentPaidEvent.ROUTING_KEY,
    InstallmentCancelledEvent.ROUTING_KEY,
    ClinicContractStatusChangedEvent.ROUTING_KEY,
  ],
})
export class ClinicDebtEventsConsumer implements MessageHandler {
  private readonly policies: ReadonlyMap<string, Policy<never>>;

  constructor(
    dueSoon: WhenInstallmentDueSoonPlanCyclePolicy,
    overdue: WhenInstallmentOverduePlanCyclePolicy,
    paid: WhenInstallmentPaidCloseDebtPolicy,
    cancelled: WhenInstallmentCancelledCloseDebtPolicy,
    contractChanged: WhenClinicContractStatusChangedCloseContractDebtsPolicy,
  ) {
    this.policies = new Map<string, Policy<never>>([
      [InstallmentDueSoonEvent.ROUTING_KEY, dueSoon],
      [InstallmentOverdueEvent.ROUTING_KEY, overdue],
      [InstallmentPaidEvent.ROUTING_KEY, paid],
      [InstallmentCancelledEvent.ROUTING_KEY, cancelled],
      [ClinicContractStatusChangedEvent.ROUTING_KEY, contractChanged],
    ]);
  }

  async handle(message: InboundMessage, tx: EntityManager): Promise<void> {
    const tenantId = message.tenantId;
    if (!tenantId) throw new Error(`message ${message.messageId} has no tenant`);
    const policy = this.policies.get(message.routingKey);
    if (policy) await policy.react({ tenantId, payload: message.payload as never }, tx);
  }
}

import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import {
  ContractStatusChangedEvent,
  ReceivableCancelledEvent,
  ReceivableDueSoonEvent,
  ReceivableOverdueEvent,
  ReceivablePaidEvent,
  type ContractStatusChangedPayload,
  type CustomerContact,
  type ReceivablePayload,
} from '../../../sync-ixc/contracts';
import { DebtIntake, type ClosedDebt } from '../../application/planning/debt-intake';

/** sync-ixc announces a receivable due within a few days (pre-due reminders). */
const RECEIVABLE_DUE_SOON = ReceivableDueSoonEvent.ROUTING_KEY;

/** IXC contract statuses that end the relationship: I (inativo) and D (desistiu). */
const CANCELLED_CONTRACT = new Set(['I', 'D']);

type ReceivableMessage = ReceivablePayload & { customer?: CustomerContact };
type IxcPayload = ReceivableMessage | ContractStatusChangedPayload;

/**
 * Policy: IXC receivables become debts of the cadence — due soon / overdue open them (and plan the
 * debtor's cycle), paid / cancelled close them (cancelling pending messages when none is left), a
 * cancelled contract stops its debts. Only events are read, never sync-ixc's tables. The receivable's
 * own version (`updatedAt`) orders its events, not their arrival.
 */
@MessageConsumer({
  name: 'notification_flow.ixc_debts',
  routingKeys: [
    RECEIVABLE_DUE_SOON,
    ReceivableOverdueEvent.ROUTING_KEY,
    ReceivablePaidEvent.ROUTING_KEY,
    ReceivableCancelledEvent.ROUTING_KEY,
    ContractStatusChangedEvent.ROUTING_KEY,
  ],
})
export class IxcDebtEventsConsumer implements MessageHandler<IxcPayload> {
  constructor(private readonly intake: DebtIntake) {}

  async handle(message: InboundMessage<IxcPayload>, tx: EntityManager): Promise<void> {
    const tenantId = message.tenantId;
    if (!tenantId) throw new Error(`message ${message.messageId} has no tenant`);
    switch (message.routingKey) {
      case RECEIVABLE_DUE_SOON:
      case ReceivableOverdueEvent.ROUTING_KEY: {
        const p = message.payload as ReceivableMessage;
        if (!p.dueDate) return;
        await this.intake.open(tx, tenantId, {
          source: 'ixc',
          debtId: `ixc:${p.receivableId}`,
          debtorId: `ixc:${p.customerId}`,
          contractId: p.contractId,
          description: p.contractId
            ? `Fatura ${p.receivableId} (contrato ${p.contractId})`
            : `Fatura ${p.receivableId}`,
          dueDate: p.dueDate,
          amountCents: p.amountCents,
          openCents: p.openCents,
          sourceUpdatedAt: p.updatedAt ?? null,
          debtor: p.customer
            ? {
                name: p.customer.name,
                document: p.customer.document,
                email: p.customer.email,
                phone: p.customer.mobilePhone,
                whatsapp: p.customer.whatsapp,
              }
            : undefined,
        });
        return;
      }
      case ReceivablePaidEvent.ROUTING_KEY:
        return this.intake.close(tx, tenantId, closedDebt(message.payload as ReceivablePayload), 'paid');
      case ReceivableCancelledEvent.ROUTING_KEY:
        return this.intake.close(tx, tenantId, closedDebt(message.payload as ReceivablePayload), 'cancelled');
      case ContractStatusChangedEvent.ROUTING_KEY: {
        const p = message.payload as ContractStatusChangedPayload;
        if (CANCELLED_CONTRACT.has(p.current.status) && !CANCELLED_CONTRACT.has(p.previous.status))
          await this.intake.contractCancelled(tx, tenantId, p.contractId);
        return;
      }
      default:
        return;
    }
  }
}

function closedDebt(p: ReceivablePayload): ClosedDebt {
  return {
    source: 'ixc',
    debtId: `ixc:${p.receivableId}`,
    debtorId: `ixc:${p.customerId}`,
    contractId: p.contractId,
    dueDate: p.dueDate,
    amountCents: p.amountCents,
    sourceUpdatedAt: p.updatedAt ?? null,
  };
}

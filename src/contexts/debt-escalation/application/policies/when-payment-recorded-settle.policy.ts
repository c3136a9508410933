import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import { groupBy } from '../../../../shared/collections/group-by';
import { isPartial, PaymentRecordedEvent, type PaymentRecordedPayload } from '../../../payments/contracts';
import { CloseDebtsCommand, type ClosedDebt } from '../close-debts/close-debts.command';

/**
 * A payment matched to an IXC receivable (payments' webhook, usually well before sync-ixc sees the
 * receivable paid): the receivable's debt closes as paid in its case, which settles when nothing is left
 * owed. A payment of less than the receivable owed lowers the debt instead, and the case stays open.
 * sync-ixc's later `receivable.paid` closes the same debt again, which changes nothing.
 */
@MessageConsumer({ name: 'debt_escalation.payments', routingKeys: [PaymentRecordedEvent.ROUTING_KEY] })
export class WhenPaymentRecordedSettlePolicy implements MessageHandler<PaymentRecordedPayload> {
  constructor(private readonly commands: CommandBus) {}

  handle(message: InboundMessage<PaymentRecordedPayload>, tx: EntityManager): Promise<void> {
    return this.handleBatch([message], tx);
  }

  /** Payments that arrived together: one command per tenant, a few statements for all their debts. */
  async handleBatch(
    messages: Array<InboundMessage<PaymentRecordedPayload>>,
    tx: EntityManager,
  ): Promise<void> {
    const byTenant = groupBy(
      messages,
      (m) => m.tenantId || undefined,
      ({ payload: p }): ClosedDebt | undefined =>
        p?.receivableId
          ? { debtId: p.receivableId, ...(isPartial(p) ? { partialCents: p.amountCents } : {}) }
          : undefined,
    );
    for (const [tenantId, debts] of byTenant)
      await this.commands.execute(new CloseDebtsCommand(tenantId, 'ixc', debts, 'paid', tx));
  }
}

import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import { isPartial, PaymentRecordedEvent, type PaymentRecordedPayload } from '../../../payments/contracts';
import { CloseDebtsCommand } from '../close-debts/close-debts.command';

/**
 * A payment matched to an IXC receivable (payments' webhook, usually well before sync-ixc sees the
 * receivable paid): the receivable's debt closes as paid in its case, which settles when nothing is left
 * owed. A payment of less than the receivable owed lowers the debt instead, and the case stays open. sync-ixc's later `receivable.paid` closes the same debt again, which changes nothing.
 */
@MessageConsumer({ name: 'debt_escalation.payments', routingKeys: [PaymentRecordedEvent.ROUTING_KEY] })
export class WhenPaymentRecordedSettlePolicy implements MessageHandler<PaymentRecordedPayload> {
  constructor(private readonly commands: CommandBus) {}

  async handle(message: InboundMessage<PaymentRecordedPayload>, tx: EntityManager): Promise<void> {
    const p = message.payload;
    if (!message.tenantId || !p?.receivableId) return;
    const partial = isPartial(p) ? { partialCents: p.amountCents } : {};
    await this.commands.execute(
      new CloseDebtsCommand(message.tenantId, 'ixc', [{ debtId: p.receivableId, ...partial }], 'paid', tx),
    );
  }
}

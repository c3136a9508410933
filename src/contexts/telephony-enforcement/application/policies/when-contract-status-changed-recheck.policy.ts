import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import { ContractStatusChangedEvent, type ContractStatusChangedPayload } from '../../../sync-ixc/contracts';
import { QueueContractRechecksCommand } from '../queue-contract-rechecks/queue-contract-rechecks.command';

/**
 * The fast path: a contract whose status changed in IXC is queued for a recheck of its Magnus lines,
 * in the consumer's own transaction (so the event is never lost and never applied twice). The recheck
 * job turns the queue into small scoped runs within seconds, many changes per run. A change queued again
 * takes a new row version, so a run that read the older one does not delete it.
 */
@MessageConsumer({
  name: 'telephony_enforcement.contract_changes',
  routingKeys: [ContractStatusChangedEvent.ROUTING_KEY],
})
export class WhenContractStatusChangedRecheckPolicy implements MessageHandler<ContractStatusChangedPayload> {
  constructor(private readonly commands: CommandBus) {}

  async handle(message: InboundMessage<ContractStatusChangedPayload>, tx: EntityManager): Promise<void> {
    await this.handleBatch([message], tx);
  }

  async handleBatch(
    messages: Array<InboundMessage<ContractStatusChangedPayload>>,
    tx: EntityManager,
  ): Promise<void> {
    const byTenant = new Map<string, string[]>();
    for (const m of messages) {
      if (!m.tenantId) continue;
      byTenant.set(m.tenantId, [...(byTenant.get(m.tenantId) ?? []), m.payload.contractId]);
    }
    for (const [tenantId, contractIds] of byTenant) {
      await this.commands.execute(new QueueContractRechecksCommand(tenantId, contractIds, tx));
    }
  }
}

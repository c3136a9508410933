import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../platform/messaging/messages';
import { ContractStatusChangedEvent, type ContractStatusChangedPayload } from '../../sync-ixc/contracts';

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
  async handle(message: InboundMessage<ContractStatusChangedPayload>, tx: EntityManager): Promise<void> {
    await this.handleBatch([message], tx);
  }

  async handleBatch(
    messages: Array<InboundMessage<ContractStatusChangedPayload>>,
    tx: EntityManager,
  ): Promise<void> {
    const rows = messages.filter((m) => m.tenantId);
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO telephony_enforcement.contract_rechecks (tenant_id, contract_id)
       SELECT * FROM unnest($1::uuid[], $2::text[])
       ON CONFLICT (tenant_id, contract_id) DO UPDATE SET requested_at = now(), version = DEFAULT`,
      [rows.map((m) => m.tenantId), rows.map((m) => m.payload.contractId)],
    );
  }
}

import { IntegrationEvent } from '../../../shared/ddd/domain-event';

export interface ContractStatusChangedPayload {
  contractId: string;
  customerId: string;
  previous: { status: string; internetStatus: string };
  current: { status: string; internetStatus: string };
}

/** A mirrored contract's `status` or `status_internet` changed in IXC (never on its first import). */
export class ContractStatusChangedEvent extends IntegrationEvent<ContractStatusChangedPayload> {
  static readonly ROUTING_KEY = 'sync_ixc.contract.status_changed.v1';
  readonly routingKey = ContractStatusChangedEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: ContractStatusChangedPayload) {
    super(tenantId, payload, { orderingKey: `contract:${payload.contractId}` });
  }
}

import { Command } from '../../../../shared/ddd/command';

export interface RefreshedCustomer {
  /** rows read from IXC per resource */
  rows: Record<string, number>;
  /** change events the mirror published (contract status changes, payments, cancellations) */
  events: number;
  /** rows IXC sent malformed, left out */
  rejected: number;
  /** set when nothing was read because the tenant has no IXC configured */
  notConfigured?: true;
}

/**
 * An incremental read of one customer: their contracts and receivables live from IXC, applied
 * to the mirror by the same code as a sync (so a contract IXC unblocked fires ContractStatusChanged).
 */
export class RefreshCustomerCommand extends Command<RefreshedCustomer> {
  constructor(
    tenantId: string,
    readonly customerId: string,
  ) {
    super(tenantId);
  }
}

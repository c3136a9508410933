import type { EntityManager } from 'typeorm';
import type { IntegrationEvent } from '../../../../shared/ddd/domain-event';
import { ContractStatusChangedEvent, ReceivableCancelledEvent, ReceivablePaidEvent } from '../../contracts';
import { contractChanges, receivableChanges, type MirrorChange } from '../../domain/mirror-changes';
import { toContract, toCustomer, toReceivable } from '../ixc/ixc-mappers';
import type { IxcContract, IxcRaw, IxcReceivable } from '../../domain/ixc-records';
import type { Column } from './bulk-upsert';
import { CONTRACT_COLUMNS, CUSTOMER_COLUMNS, RECEIVABLE_COLUMNS } from './mirror-columns';
import type { SyncResource } from '../../application/ports/ixc-source';

/** How one IXC table is mirrored, and which changes become events. */
export interface ResourceSpec<T extends { id: string; updatedAt: string | null }> {
  resource: SyncResource;
  mirrorTable: string;
  columns: Array<Column<T>>;
  map(raw: IxcRaw): T;
  /**
   * Events for rows about to be written, judged against the mirror's current rows (read in the same
   * transaction before the upsert). A first import is never a change.
   */
  changes(tx: EntityManager, tenantId: string, rows: T[]): Promise<IntegrationEvent[]>;
}

interface PreviousContract {
  id: string;
  status: string;
  internet_status: string;
}

interface PreviousReceivable {
  id: string;
  status: string;
  open_cents: string;
}

async function previous<P extends { id: string }>(
  tx: EntityManager,
  sql: string,
  tenantId: string,
  ids: string[],
): Promise<Map<string, P>> {
  const rows = (await tx.query(sql, [tenantId, ids])) as P[];
  return new Map(rows.map((r) => [r.id, r]));
}

export const CUSTOMERS = {
  resource: 'cliente',
  mirrorTable: 'sync_ixc.customers',
  columns: CUSTOMER_COLUMNS,
  map: toCustomer,
  changes: async () => [],
} satisfies ResourceSpec<ReturnType<typeof toCustomer>>;

export const CONTRACTS: ResourceSpec<IxcContract> = {
  resource: 'cliente_contrato',
  mirrorTable: 'sync_ixc.contracts',
  columns: CONTRACT_COLUMNS,
  map: toContract,
  async changes(tx, tenantId, rows) {
    const before = await previous<PreviousContract>(
      tx,
      `SELECT id::text, status, internet_status FROM sync_ixc.contracts WHERE tenant_id = $1 AND id = ANY($2::bigint[])`,
      tenantId,
      rows.map((r) => r.id),
    );
    return toEvents(
      tenantId,
      contractChanges(
        rows,
        new Map([...before].map(([id, r]) => [id, { status: r.status, internetStatus: r.internet_status }])),
      ),
    );
  },
};

export const RECEIVABLES: ResourceSpec<IxcReceivable> = {
  resource: 'fn_areceber',
  mirrorTable: 'sync_ixc.receivables',
  columns: RECEIVABLE_COLUMNS,
  map: toReceivable,
  async changes(tx, tenantId, rows) {
    const before = await previous<PreviousReceivable>(
      tx,
      `SELECT id::text, status, open_cents::text FROM sync_ixc.receivables WHERE tenant_id = $1 AND id = ANY($2::bigint[])`,
      tenantId,
      rows.map((r) => r.id),
    );
    return toEvents(
      tenantId,
      receivableChanges(
        rows,
        new Map([...before].map(([id, r]) => [id, { status: r.status, openCents: Number(r.open_cents) }])),
      ),
    );
  },
};

export const RESOURCE_SPECS: Record<SyncResource, ResourceSpec<{ id: string; updatedAt: string | null }>> = {
  cliente: CUSTOMERS as unknown as ResourceSpec<{ id: string; updatedAt: string | null }>,
  cliente_contrato: CONTRACTS as unknown as ResourceSpec<{ id: string; updatedAt: string | null }>,
  fn_areceber: RECEIVABLES as unknown as ResourceSpec<{ id: string; updatedAt: string | null }>,
};

/** The mirrored changes as the integration events the sync publishes. */
function toEvents(tenantId: string, changes: MirrorChange[]): IntegrationEvent[] {
  return changes.map((c) => {
    switch (c.kind) {
      case 'contract_status_changed':
        return new ContractStatusChangedEvent(tenantId, c.payload);
      case 'receivable_paid':
        return new ReceivablePaidEvent(tenantId, c.payload);
      case 'receivable_cancelled':
        return new ReceivableCancelledEvent(tenantId, c.payload);
    }
  });
}

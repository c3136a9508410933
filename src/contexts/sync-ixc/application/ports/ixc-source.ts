import type { IxcContract, IxcRaw } from '../../domain/ixc-records';

export const SYNC_RESOURCES = ['cliente', 'cliente_contrato', 'fn_areceber'] as const;
export type SyncResource = (typeof SYNC_RESOURCES)[number];

/**
 * What the sync needs from a tenant's IXC (port; the adapter wraps the IXC client with the tenant's
 * settings and secrets). Rows come back with secrets already dropped.
 */
export abstract class IxcSource {
  /** One page in id order: rows with id > `afterId`, changed on or after `updatedSince` (YYYY-MM-DD). */
  abstract page(
    tenantId: string,
    resource: SyncResource,
    options: { afterId: string; updatedSince: string | null; pageSize: number },
  ): Promise<IxcRaw[]>;

  /** Throws IxcNotConfiguredError when the tenant has no usable IXC settings. */
  abstract assertConfigured(tenantId: string): Promise<void>;

  /** Tickets (`su_ticket`) whose title contains `marker` (reconciling a ticket intent). */
  abstract findTickets(tenantId: string, marker: string): Promise<IxcRaw[]>;

  /** Opens a ticket; returns its IXC id. */
  abstract createTicket(tenantId: string, body: Record<string, string>): Promise<string>;

  /** Live contract rows by id; ids IXC does not know are absent. Throws when IXC cannot be read. */
  abstract contracts(tenantId: string, ids: string[]): Promise<Map<string, IxcContract>>;
}

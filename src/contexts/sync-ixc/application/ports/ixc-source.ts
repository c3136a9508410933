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

  /** One customer's rows of a resource, live (`cliente` by id, the others by `id_cliente`). */
  abstract customerRows(tenantId: string, resource: SyncResource, customerId: string): Promise<IxcRaw[]>;

  /** One receivable, live; null when IXC does not know it. */
  abstract receivable(tenantId: string, receivableId: string): Promise<IxcRaw | null>;

  /**
   * Records a payment of a receivable ("baixa", `fn_areceber_recebimentos_baixas_novo`): the id IXC gives
   * the receipt, or IXC's refusal (`type:error`). Throws when IXC could not be reached (try again).
   */
  abstract writeOff(
    tenantId: string,
    body: Record<string, string>,
  ): Promise<{ recorded: true; ixcId: string | null } | { recorded: false; refusal: string }>;
}

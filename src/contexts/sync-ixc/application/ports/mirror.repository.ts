import type { IxcRaw } from '../../domain/ixc-records';
import type { SyncResource } from './ixc-source';

/** A mirrored row, as far as the sync needs to know it. */
export interface MirrorRow {
  id: string;
  updatedAt: string | null;
}

export interface PageWritten {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Change events published with the page. */
  events: number;
}

/** The tenant's copy of IXC tables (`sync_ixc.customers`, `contracts`, `receivables`, `watermarks`). */
export abstract class MirrorRepository {
  /** The mirror row of an IXC row; throws when IXC sent it malformed (no id, non-numeric money). */
  abstract toRow(resource: SyncResource, raw: IxcRaw): MirrorRow;

  /**
   * Upserts one page of rows and publishes the changes they make (status changes, payments,
   * cancellations, judged against the rows they replace) through the outbox, in one transaction.
   */
  abstract writePage(tenantId: string, resource: SyncResource, rows: MirrorRow[]): Promise<PageWritten>;

  /** Whether any resource of the tenant was ever mirrored. */
  abstract hasSynced(tenantId: string): Promise<boolean>;

  /** The newest IXC `ultima_atualizacao` mirrored (`YYYY-MM-DD HH24:MI:SS`), or null. */
  abstract watermark(tenantId: string, resource: SyncResource): Promise<string | null>;

  abstract saveWatermark(
    tenantId: string,
    resource: SyncResource,
    newest: string | null,
    full: boolean,
  ): Promise<void>;
}

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Outbox } from '../../../../platform/messaging/outbox';
import type { SyncResource } from '../../application/ports/ixc-source';
import {
  MirrorRepository,
  type MirrorRow,
  type PageWritten,
} from '../../application/ports/mirror.repository';
import type { IxcRaw } from '../../domain/ixc-records';
import { bulkUpsert } from './bulk-upsert';
import { RESOURCE_SPECS } from './mirror-resources';

@Injectable()
export class TypeormMirrorRepository extends MirrorRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  toRow(resource: SyncResource, raw: IxcRaw): MirrorRow {
    return RESOURCE_SPECS[resource].map(raw);
  }

  writePage(tenantId: string, resource: SyncResource, rows: MirrorRow[]): Promise<PageWritten> {
    const spec = RESOURCE_SPECS[resource];
    return this.dataSource.transaction(async (tx: EntityManager) => {
      const events = await spec.changes(tx, tenantId, rows);
      const counts = await bulkUpsert(tx, spec.mirrorTable, tenantId, spec.columns, rows);
      await this.outbox.publish(tx, events);
      return { ...counts, events: events.length };
    });
  }

  async hasSynced(tenantId: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM sync_ixc.watermarks WHERE tenant_id = $1 LIMIT 1`,
      [tenantId],
    )) as unknown[];
    return rows.length > 0;
  }

  async watermark(tenantId: string, resource: SyncResource): Promise<string | null> {
    const [row] = (await this.dataSource.query(
      `SELECT to_char(ixc_updated_at, 'YYYY-MM-DD HH24:MI:SS') AS at FROM sync_ixc.watermarks
        WHERE tenant_id = $1 AND resource = $2`,
      [tenantId, resource],
    )) as Array<{ at: string | null }>;
    return row?.at ?? null;
  }

  async saveWatermark(
    tenantId: string,
    resource: SyncResource,
    newest: string | null,
    full: boolean,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sync_ixc.watermarks (tenant_id, resource, ixc_updated_at, last_full_at)
       VALUES ($1, $2, $3, CASE WHEN $4 THEN now() END)
       ON CONFLICT (tenant_id, resource) DO UPDATE
         SET ixc_updated_at = EXCLUDED.ixc_updated_at,
             last_full_at = coalesce(EXCLUDED.last_full_at, sync_ixc.watermarks.last_full_at)`,
      [tenantId, resource, newest, full],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SyncResource } from '../../application/ports/ixc-source';
import {
  emptyProgress,
  SyncRunRepository,
  type SyncMode,
  type SyncRun,
} from '../../application/ports/sync-run.repository';

const COLUMNS = `id, tenant_id AS "tenantId", mode, resources, trigger, status, progress, error,
  started_at AS "startedAt", finished_at AS "finishedAt",
  (extract(epoch FROM (coalesce(finished_at, now()) - started_at)) * 1000)::bigint::int AS "durationMs"`;

/** The sync-run ledger (`sync_ixc.sync_runs`). */
@Injectable()
export class TypeormSyncRunRepository extends SyncRunRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async create(
    tenantId: string,
    mode: SyncMode,
    resources: SyncResource[],
    trigger: 'api' | 'schedule',
  ): Promise<SyncRun> {
    const progress = Object.fromEntries(resources.map((r) => [r, emptyProgress()]));
    const [run] = (await this.dataSource.query(
      `INSERT INTO sync_ixc.sync_runs (tenant_id, mode, resources, trigger, status, progress)
       VALUES ($1, $2, $3, $4, 'running', $5) RETURNING ${COLUMNS}`,
      [tenantId, mode, resources, trigger, JSON.stringify(progress)],
    )) as SyncRun[];
    return run as SyncRun;
  }

  async saveProgress(runId: string, progress: SyncRun['progress']): Promise<void> {
    await this.dataSource.query(`UPDATE sync_ixc.sync_runs SET progress = $2 WHERE id = $1`, [
      runId,
      JSON.stringify(progress),
    ]);
  }

  async finish(runId: string, progress: SyncRun['progress'], error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_ixc.sync_runs SET progress = $2, status = $3, error = $4, finished_at = now() WHERE id = $1`,
      [runId, JSON.stringify(progress), error ? 'failed' : 'completed', error],
    );
  }

  async get(tenantId: string, runId: string): Promise<SyncRun | undefined> {
    const [run] = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM sync_ixc.sync_runs WHERE id = $1 AND tenant_id = $2`,
      [runId, tenantId],
    )) as SyncRun[];
    return run;
  }

  async list(tenantId: string, limit: number, offset: number): Promise<{ items: SyncRun[]; total: number }> {
    const items = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM sync_ixc.sync_runs WHERE tenant_id = $1 ORDER BY started_at DESC LIMIT $2 OFFSET $3`,
      [tenantId, limit, offset],
    )) as SyncRun[];
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM sync_ixc.sync_runs WHERE tenant_id = $1`,
      [tenantId],
    )) as [{ total: number }];
    return { items, total };
  }

  async failAbandoned(tenantId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_ixc.sync_runs SET status = 'failed', error = 'abandoned: the process running it stopped',
              finished_at = now()
        WHERE tenant_id = $1 AND status = 'running'`,
      [tenantId],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  DebtorSyncRunRepository,
  emptyCounts,
  type DebtorSyncRun,
  type RunCounts,
  type RunKind,
  type RunTrigger,
} from '../../application/ports/debtor-sync-run.repository';

const COLUMNS = `id::text AS id, tenant_id::text AS "tenantId", clinic_id::text AS "clinicId", kind, trigger, status,
  to_char(window_from, 'YYYY-MM-DD') AS "windowFrom", to_char(window_to, 'YYYY-MM-DD') AS "windowTo", counts, error,
  started_at AS "startedAt", finished_at AS "finishedAt",
  (extract(epoch FROM (coalesce(finished_at, now()) - started_at)) * 1000)::int AS "durationMs"`;

@Injectable()
export class TypeormDebtorSyncRunRepository extends DebtorSyncRunRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async create(
    tenantId: string,
    clinicId: string,
    kind: RunKind,
    trigger: RunTrigger,
    window: { from: string; to: string },
  ): Promise<DebtorSyncRun> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO debtor_sync.sync_runs (tenant_id, id, clinic_id, kind, trigger, status, window_from, window_to, counts)
       VALUES ($1, $2, $3, $4, $5, 'running', $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        tenantId,
        randomUUID(),
        clinicId,
        kind,
        trigger,
        window.from,
        window.to,
        JSON.stringify(emptyCounts()),
      ],
    )) as DebtorSyncRun[];
    return row!;
  }

  async saveCounts(tenantId: string, id: string, counts: RunCounts): Promise<void> {
    await this.dataSource.query(
      `UPDATE debtor_sync.sync_runs SET counts = $3 WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, JSON.stringify(counts)],
    );
  }

  async finish(tenantId: string, id: string, counts: RunCounts, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE debtor_sync.sync_runs SET counts = $3, error = $4, finished_at = now(),
              status = CASE WHEN $4::text IS NULL THEN 'completed' ELSE 'failed' END
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, JSON.stringify(counts), error],
    );
  }

  async get(tenantId: string, id: string): Promise<DebtorSyncRun | null> {
    const [row] = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM debtor_sync.sync_runs WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as DebtorSyncRun[];
    return row ?? null;
  }

  async list(
    tenantId: string,
    filter: { clinicId?: string; limit: number; offset: number },
  ): Promise<{ items: DebtorSyncRun[]; total: number }> {
    const params = [tenantId, filter.clinicId ?? null];
    const items = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM debtor_sync.sync_runs WHERE tenant_id = $1 AND ($2::uuid IS NULL OR clinic_id = $2)
        ORDER BY started_at DESC, id LIMIT $3 OFFSET $4`,
      [...params, filter.limit, filter.offset],
    )) as DebtorSyncRun[];
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM debtor_sync.sync_runs WHERE tenant_id = $1 AND ($2::uuid IS NULL OR clinic_id = $2)`,
      params,
    )) as [{ total: number }];
    return { items, total };
  }

  async failAbandoned(tenantId: string, clinicId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE debtor_sync.sync_runs SET status = 'failed', finished_at = now(),
              error = 'abandoned: the process running it stopped'
        WHERE tenant_id = $1 AND clinic_id = $2 AND status = 'running'`,
      [tenantId, clinicId],
    );
  }

  async hasCompleted(tenantId: string, clinicId: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM debtor_sync.sync_runs WHERE tenant_id = $1 AND clinic_id = $2 AND status = 'completed' LIMIT 1`,
      [tenantId, clinicId],
    )) as unknown[];
    return rows.length > 0;
  }
}

import type { DataSource, EntityManager } from 'typeorm';
import type { EnforcementActionRecord, EnforcementRun } from '../../domain/enforcement-run';
import {
  EnforcementRunRepository,
  type ActionPage,
} from '../../application/ports/enforcement-run.repository';
import {
  ACTION_COLUMNS,
  RUN_COLUMNS,
  toAction,
  toRun,
  type ActionRow,
  type RunRow,
} from './typeorm-enforcement-run.rows';

/**
 * The read side of the runs repository (runs and their actions, by tenant), apart from the writes that
 * plan, apply and settle runs ({@link TypeormEnforcementRunRepository}).
 */
export abstract class TypeormEnforcementRunReads extends EnforcementRunRepository {
  constructor(protected readonly dataSource: DataSource) {
    super();
  }

  async get(tenantId: string, id: string): Promise<EnforcementRun | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM telephony_enforcement.runs WHERE id = $1 AND tenant_id = $2`,
      [id, tenantId],
    )) as RunRow[];
    return row ? toRun(row) : undefined;
  }

  async running(tenantId: string): Promise<EnforcementRun | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM telephony_enforcement.runs
        WHERE tenant_id = $1 AND status = 'running' AND phase <> 'applying' ORDER BY started_at DESC LIMIT 1`,
      [tenantId],
    )) as RunRow[];
    return row ? toRun(row) : undefined;
  }

  async hasAny(tenantId: string): Promise<boolean> {
    const [row] = (await this.dataSource.query(
      `SELECT 1 FROM telephony_enforcement.runs WHERE tenant_id = $1 LIMIT 1`,
      [tenantId],
    )) as unknown[];
    return row !== undefined;
  }

  async list(
    tenantId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: EnforcementRun[]; total: number }> {
    const rows = (await this.dataSource.query(
      `SELECT ${RUN_COLUMNS}, count(*) OVER () AS total FROM telephony_enforcement.runs
        WHERE tenant_id = $1 ORDER BY started_at DESC, id LIMIT $2 OFFSET $3`,
      [tenantId, limit, offset],
    )) as Array<RunRow & { total: string }>;
    const total = rows[0] ? Number(rows[0].total) : await this.count(tenantId);
    return { items: rows.map(toRun), total };
  }

  private async count(tenantId: string): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM telephony_enforcement.runs WHERE tenant_id = $1`,
      [tenantId],
    )) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  async actions(
    tenantId: string,
    runId: string,
    options: ActionPage,
  ): Promise<{ items: EnforcementActionRecord[]; total: number }> {
    const where = `tenant_id = $1 AND run_id = $2 ${options.includeNoChange ? '' : `AND action <> 'no_change'`}
      ${options.outcome ? 'AND outcome = $5' : ''}`;
    const params: unknown[] = [tenantId, runId, options.limit, options.offset];
    if (options.outcome) params.push(options.outcome);
    const rows = (await this.dataSource.query(
      `SELECT ${ACTION_COLUMNS} FROM telephony_enforcement.actions WHERE ${where}
        ORDER BY actions.seq LIMIT $3 OFFSET $4`,
      params,
    )) as ActionRow[];
    const [count] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM telephony_enforcement.actions WHERE ${where.replace('$5', '$3')}`,
      options.outcome ? [tenantId, runId, options.outcome] : [tenantId, runId],
    )) as Array<{ n: number }>;
    return { items: rows.map(toAction), total: count?.n ?? 0 };
  }

  async noChangeActions(tx: EntityManager, runId: string): Promise<EnforcementActionRecord[]> {
    const rows = (await tx.query(
      `SELECT ${ACTION_COLUMNS} FROM telephony_enforcement.actions WHERE run_id = $1 AND action = 'no_change'
        ORDER BY actions.seq`,
      [runId],
    )) as ActionRow[];
    return rows.map(toAction);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { FlowStore, type Flow, type FlowRecord, type FlowVersion } from '../../application/ports/flow-store';
import type { FlowStep } from '../../domain/cadence';

interface FlowRow {
  id: string;
  name: string;
  is_default: boolean;
  current_version: number;
  steps: FlowStep[];
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const FLOW_SELECT = `SELECT f.id, f.name, f.is_default, f.current_version, v.steps, f.archived_at, f.created_at, f.updated_at
  FROM notification_flow.flows f
  JOIN notification_flow.flow_versions v ON v.flow_id = f.id AND v.version = f.current_version`;

const toFlow = (r: FlowRow): Flow => ({
  id: r.id,
  name: r.name,
  isDefault: r.is_default,
  version: r.current_version,
  steps: r.steps,
  archivedAt: r.archived_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

@Injectable()
export class TypeormFlowStore extends FlowStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async list(tenantId: string, includeArchived: boolean): Promise<Flow[]> {
    const rows = (await this.dataSource.query(
      `${FLOW_SELECT} WHERE f.tenant_id = $1 ${includeArchived ? '' : 'AND f.archived_at IS NULL'}
       ORDER BY f.is_default DESC, f.name`,
      [tenantId],
    )) as FlowRow[];
    return rows.map(toFlow);
  }

  async byId(
    tenantId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Flow | null> {
    const [row] = (await manager.query(`${FLOW_SELECT} WHERE f.tenant_id = $1 AND f.id = $2`, [
      tenantId,
      id,
    ])) as FlowRow[];
    return row ? toFlow(row) : null;
  }

  async defaultOf(tenantId: string, manager: EntityManager): Promise<Flow | null> {
    const [row] = (await manager.query(
      `${FLOW_SELECT} WHERE f.tenant_id = $1 AND f.is_default AND f.archived_at IS NULL`,
      [tenantId],
    )) as FlowRow[];
    return row ? toFlow(row) : null;
  }

  async versions(flowId: string): Promise<FlowVersion[]> {
    const rows = (await this.dataSource.query(
      `SELECT flow_id, version, steps, created_by, created_at FROM notification_flow.flow_versions
        WHERE flow_id = $1 ORDER BY version DESC`,
      [flowId],
    )) as Array<{
      flow_id: string;
      version: number;
      steps: FlowStep[];
      created_by: string | null;
      created_at: Date;
    }>;
    return rows.map((r) => ({
      flowId: r.flow_id,
      version: r.version,
      steps: r.steps,
      createdBy: r.created_by,
      createdAt: r.created_at,
    }));
  }

  async versionSteps(
    flowId: string,
    version: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FlowStep[] | null> {
    const [row] = (await manager.query(
      `SELECT steps FROM notification_flow.flow_versions WHERE flow_id = $1 AND version = $2`,
      [flowId, version],
    )) as Array<{ steps: FlowStep[] }>;
    return row ? row.steps : null;
  }

  async nameTaken(
    tx: EntityManager,
    tenantId: string,
    name: string,
    exceptId: string | null,
  ): Promise<boolean> {
    const rows = (await tx.query(
      `SELECT 1 FROM notification_flow.flows
        WHERE tenant_id = $1 AND lower(name) = lower($2) AND archived_at IS NULL AND ($3::uuid IS NULL OR id <> $3)`,
      [tenantId, name, exceptId],
    )) as unknown[];
    return rows.length > 0;
  }

  async insert(tx: EntityManager, tenantId: string, flow: FlowRecord): Promise<void> {
    await tx.query(
      `INSERT INTO notification_flow.flows (id, tenant_id, name, is_default, current_version) VALUES ($1, $2, $3, $4, 1)`,
      [flow.id, tenantId, flow.name, flow.isDefault],
    );
    await this.addVersion(tx, flow.id, 1, flow.steps, flow.createdBy);
  }

  async insertDefaultIfAbsent(tx: EntityManager, tenantId: string, flow: FlowRecord): Promise<boolean> {
    // No conflict target: every unique index (one active default per tenant, active names) is an
    // arbiter, so a concurrent insert of the same default never raises, it waits and does nothing.
    const inserted = (await tx.query(
      `INSERT INTO notification_flow.flows (id, tenant_id, name, is_default, current_version)
       VALUES ($1, $2, $3, true, 1) ON CONFLICT DO NOTHING RETURNING id`,
      [flow.id, tenantId, flow.name],
    )) as unknown[];
    if (inserted.length === 0) return false;
    await this.addVersion(tx, flow.id, 1, flow.steps, flow.createdBy);
    return true;
  }

  async addVersion(
    tx: EntityManager,
    flowId: string,
    version: number,
    steps: readonly FlowStep[],
    createdBy: string | null,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO notification_flow.flow_versions (flow_id, version, steps, created_by) VALUES ($1, $2, $3, $4)`,
      [flowId, version, JSON.stringify(steps), createdBy],
    );
  }

  async updateFlow(
    tx: EntityManager,
    id: string,
    changes: { name: string | null; isDefault: boolean | null; version: number },
  ): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.flows
          SET name = COALESCE($2, name), is_default = COALESCE($3, is_default), current_version = $4, updated_at = now()
        WHERE id = $1`,
      [id, changes.name, changes.isDefault, changes.version],
    );
  }

  async clearDefault(tx: EntityManager, tenantId: string): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.flows SET is_default = false WHERE tenant_id = $1 AND is_default`,
      [tenantId],
    );
  }

  async archive(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_flow.flows SET archived_at = now(), is_default = false, updated_at = now() WHERE id = $1`,
      [id],
    );
  }
}

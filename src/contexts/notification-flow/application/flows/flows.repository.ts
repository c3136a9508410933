import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_STEPS, normalizeSteps, stepProblems, type FlowStep } from '../../domain/cadence';
import { FlowNameTakenError, FlowNotFoundError, InvalidFlowError } from '../../notification-flow.errors';

export interface Flow {
  id: string;
  name: string;
  isDefault: boolean;
  version: number;
  steps: FlowStep[];
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface FlowVersion {
  flowId: string;
  version: number;
  steps: FlowStep[];
  createdBy: string | null;
  createdAt: Date;
}

type StepInput = Parameters<typeof normalizeSteps>[0];

/** A flow to create (steps as entered: normalized and validated on the way in). */
export interface NewFlow {
  name: string;
  steps: StepInput;
  isDefault?: boolean;
}

/** What an update may change. */
export interface FlowChanges {
  name?: string;
  steps?: StepInput;
  isDefault?: boolean;
}

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

/**
 * Versioned flows. Changing a flow's steps writes a new version; versions are never changed, so a debt
 * cycle keeps the steps it started with. New debt cycles use the tenant's default flow (created with the
 * product's default steps the first time it is needed).
 */
@Injectable()
export class Flows {
  private readonly versionCache = new Map<string, FlowStep[]>();

  constructor(private readonly dataSource: DataSource) {}

  async list(tenantId: string, includeArchived = false): Promise<Flow[]> {
    const rows = (await this.dataSource.query(
      `${FLOW_SELECT} WHERE f.tenant_id = $1 ${includeArchived ? '' : 'AND f.archived_at IS NULL'}
       ORDER BY f.is_default DESC, f.name`,
      [tenantId],
    )) as FlowRow[];
    return rows.map(toFlow);
  }

  async get(tenantId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<Flow> {
    const [row] = (await manager.query(`${FLOW_SELECT} WHERE f.tenant_id = $1 AND f.id = $2`, [
      tenantId,
      id,
    ])) as FlowRow[];
    if (!row) throw new FlowNotFoundError(id);
    return toFlow(row);
  }

  async versions(tenantId: string, id: string): Promise<FlowVersion[]> {
    await this.get(tenantId, id);
    const rows = (await this.dataSource.query(
      `SELECT flow_id, version, steps, created_by, created_at FROM notification_flow.flow_versions
        WHERE flow_id = $1 ORDER BY version DESC`,
      [id],
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

  /** The steps of one version (what a debt cycle follows). */
  async steps(
    flowId: string,
    version: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FlowStep[]> {
    // Versions never change once written, so they are cached.
    const key = `${flowId}:${version}`;
    const cached = this.versionCache.get(key);
    if (cached) return cached;
    const [row] = (await manager.query(
      `SELECT steps FROM notification_flow.flow_versions WHERE flow_id = $1 AND version = $2`,
      [flowId, version],
    )) as Array<{ steps: FlowStep[] }>;
    if (!row) throw new FlowNotFoundError(`${flowId} v${version}`);
    this.versionCache.set(key, row.steps);
    return row.steps;
  }

  /** One step of a version, by key (undefined when the version has no such step). */
  async step(
    flowId: string,
    version: number,
    key: string,
    manager?: EntityManager,
  ): Promise<FlowStep | undefined> {
    return (await this.steps(flowId, version, manager)).find((s) => s.key === key);
  }

  async create(
    tenantId: string,
    input: NewFlow,
    createdBy: string | null,
    manager?: EntityManager,
  ): Promise<Flow> {
    const steps = validated(input.steps);
    const work = async (tx: EntityManager) => {
      await this.assertNameFree(tx, tenantId, input.name, null);
      const id = randomUUID();
      if (input.isDefault) await this.clearDefault(tx, tenantId);
      await tx.query(
        `INSERT INTO notification_flow.flows (id, tenant_id, name, is_default, current_version) VALUES ($1, $2, $3, $4, 1)`,
        [id, tenantId, input.name.trim(), input.isDefault ?? false],
      );
      await tx.query(
        `INSERT INTO notification_flow.flow_versions (flow_id, version, steps, created_by) VALUES ($1, 1, $2, $3)`,
        [id, JSON.stringify(steps), createdBy],
      );
      return this.get(tenantId, id, tx);
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /** New version when steps change; name/default change in place. */
  async update(tenantId: string, id: string, input: FlowChanges, createdBy: string | null): Promise<Flow> {
    const steps = input.steps ? validated(input.steps) : undefined;
    return this.dataSource.transaction(async (tx) => {
      const flow = await this.get(tenantId, id, tx);
      if (flow.archivedAt) throw new FlowNotFoundError(id);
      if (input.name !== undefined) await this.assertNameFree(tx, tenantId, input.name, id);
      if (input.isDefault) await this.clearDefault(tx, tenantId);
      let version = flow.version;
      if (steps && JSON.stringify(steps) !== JSON.stringify(flow.steps)) {
        version += 1;
        await tx.query(
          `INSERT INTO notification_flow.flow_versions (flow_id, version, steps, created_by) VALUES ($1, $2, $3, $4)`,
          [id, version, JSON.stringify(steps), createdBy],
        );
      }
      await tx.query(
        `UPDATE notification_flow.flows
            SET name = COALESCE($2, name), is_default = COALESCE($3, is_default), current_version = $4, updated_at = now()
          WHERE id = $1`,
        [id, input.name?.trim() ?? null, input.isDefault ?? null, version],
      );
      return this.get(tenantId, id, tx);
    });
  }

  /** Archived flows start no new cycle; cycles already on them carry on with their version. */
  async archive(tenantId: string, id: string): Promise<void> {
    const flow = await this.get(tenantId, id);
    if (flow.archivedAt) return;
    await this.dataSource.query(
      `UPDATE notification_flow.flows SET archived_at = now(), is_default = false, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** The tenant's default flow, created with the product's default steps when it has none. */
  async defaultFlow(tenantId: string, manager: EntityManager): Promise<Flow> {
    const [row] = (await manager.query(
      `${FLOW_SELECT} WHERE f.tenant_id = $1 AND f.is_default AND f.archived_at IS NULL`,
      [tenantId],
    )) as FlowRow[];
    if (row) return toFlow(row);
    // Two consumers may race here: the unique default index lets one win; the other reads it.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('notification_flow.default:' || $1))`, [
      tenantId,
    ]);
    const [again] = (await manager.query(
      `${FLOW_SELECT} WHERE f.tenant_id = $1 AND f.is_default AND f.archived_at IS NULL`,
      [tenantId],
    )) as FlowRow[];
    if (again) return toFlow(again);
    const id = randomUUID();
    const name = (await this.nameTaken(manager, tenantId, 'Padrão', null))
      ? `Padrão ${id.slice(0, 4)}`
      : 'Padrão';
    await manager.query(
      `INSERT INTO notification_flow.flows (id, tenant_id, name, is_default, current_version) VALUES ($1, $2, $3, true, 1)`,
      [id, tenantId, name],
    );
    await manager.query(
      `INSERT INTO notification_flow.flow_versions (flow_id, version, steps, created_by) VALUES ($1, 1, $2, 'system')`,
      [id, JSON.stringify(DEFAULT_STEPS)],
    );
    return this.get(tenantId, id, manager);
  }

  private async clearDefault(tx: EntityManager, tenantId: string): Promise<void> {
    await tx.query(
      `UPDATE notification_flow.flows SET is_default = false WHERE tenant_id = $1 AND is_default`,
      [tenantId],
    );
  }

  private async nameTaken(tx: EntityManager, tenantId: string, name: string, exceptId: string | null) {
    const rows = (await tx.query(
      `SELECT 1 FROM notification_flow.flows
        WHERE tenant_id = $1 AND lower(name) = lower($2) AND archived_at IS NULL AND ($3::uuid IS NULL OR id <> $3)`,
      [tenantId, name.trim(), exceptId],
    )) as unknown[];
    return rows.length > 0;
  }

  private async assertNameFree(tx: EntityManager, tenantId: string, name: string, exceptId: string | null) {
    if (!name.trim() || name.length > 80) throw new InvalidFlowError(['name must be 1–80 characters']);
    if (await this.nameTaken(tx, tenantId, name, exceptId)) throw new FlowNameTakenError(name);
  }
}

function validated(input: StepInput): FlowStep[] {
  if (!Array.isArray(input)) throw new InvalidFlowError(['steps must be a list']);
  const steps = normalizeSteps(input);
  const problems = stepProblems(steps);
  if (problems.length > 0) throw new InvalidFlowError(problems);
  return steps;
}

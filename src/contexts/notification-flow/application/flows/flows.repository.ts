import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DEFAULT_STEPS, normalizeSteps, stepProblems, type FlowStep } from '../../domain/cadence';
import { FlowNameTakenError, FlowNotFoundError, InvalidFlowError } from '../../notification-flow.errors';
import { FlowStore, type Flow, type FlowVersion } from '../ports/flow-store';

export type { Flow, FlowVersion } from '../ports/flow-store';

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

const DEFAULT_FLOW_NAME = 'Padrão';

/**
 * Versioned flows. Changing a flow's steps writes a new version; versions are never changed, so a debt
 * cycle keeps the steps it started with. New debt cycles use the tenant's default flow (created with the
 * product's default steps the first time it is needed).
 */
@Injectable()
export class Flows {
  private readonly versionCache = new Map<string, FlowStep[]>();

  constructor(private readonly store: FlowStore) {}

  list(tenantId: string, includeArchived = false): Promise<Flow[]> {
    return this.store.list(tenantId, includeArchived);
  }

  async get(tenantId: string, id: string, manager?: EntityManager): Promise<Flow> {
    const flow = await this.store.byId(tenantId, id, manager);
    if (!flow) throw new FlowNotFoundError(id);
    return flow;
  }

  async versions(tenantId: string, id: string): Promise<FlowVersion[]> {
    await this.get(tenantId, id);
    return this.store.versions(id);
  }

  /** The steps of one version (what a debt cycle follows). */
  async steps(flowId: string, version: number, manager?: EntityManager): Promise<FlowStep[]> {
    // Versions never change once written, so they are cached.
    const key = `${flowId}:${version}`;
    const cached = this.versionCache.get(key);
    if (cached) return cached;
    const steps = await this.store.versionSteps(flowId, version, manager);
    if (!steps) throw new FlowNotFoundError(`${flowId} v${version}`);
    this.versionCache.set(key, steps);
    return steps;
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
      const isDefault = input.isDefault ?? false;
      if (isDefault) await this.store.clearDefault(tx, tenantId);
      await this.store.insert(tx, tenantId, { id, name: input.name.trim(), isDefault, steps, createdBy });
      return this.get(tenantId, id, tx);
    };
    return manager ? work(manager) : this.store.transaction(work);
  }

  /** New version when steps change; name/default change in place. */
  async update(tenantId: string, id: string, input: FlowChanges, createdBy: string | null): Promise<Flow> {
    const steps = input.steps ? validated(input.steps) : undefined;
    return this.store.transaction(async (tx) => {
      const flow = await this.get(tenantId, id, tx);
      if (flow.archivedAt) throw new FlowNotFoundError(id);
      if (input.name !== undefined) await this.assertNameFree(tx, tenantId, input.name, id);
      if (input.isDefault) await this.store.clearDefault(tx, tenantId);
      let version = flow.version;
      if (steps && JSON.stringify(steps) !== JSON.stringify(flow.steps)) {
        version += 1;
        await this.store.addVersion(tx, id, version, steps, createdBy);
      }
      await this.store.updateFlow(tx, id, {
        name: input.name?.trim() ?? null,
        isDefault: input.isDefault ?? null,
        version,
      });
      return this.get(tenantId, id, tx);
    });
  }

  /** Archived flows start no new cycle; cycles already on them carry on with their version. */
  async archive(tenantId: string, id: string): Promise<void> {
    const flow = await this.get(tenantId, id);
    if (flow.archivedAt) return;
    await this.store.archive(id);
  }

  /**
   * The tenant's default flow, created with the product's default steps when it has none. Race-free:
   * concurrent first calls all insert with `ON CONFLICT DO NOTHING` on the one-active-default index; one
   * wins, the others wait for its commit and read it (no advisory lock, no deadlock, no retry).
   */
  async defaultFlow(tenantId: string, manager: EntityManager): Promise<Flow> {
    const existing = await this.store.defaultOf(tenantId, manager);
    if (existing) return existing;
    // The plain name unless an active non-default flow took it; then a suffixed one (second attempt
    // covers a flow renamed to it in between).
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const id = randomUUID();
      const name =
        attempt === 0 && !(await this.store.nameTaken(manager, tenantId, DEFAULT_FLOW_NAME, null))
          ? DEFAULT_FLOW_NAME
          : `${DEFAULT_FLOW_NAME} ${id.slice(0, 4)}`;
      const record = { id, name, isDefault: true, steps: DEFAULT_STEPS, createdBy: 'system' };
      if (await this.store.insertDefaultIfAbsent(manager, tenantId, record)) {
        return this.get(tenantId, id, manager);
      }
      const winner = await this.store.defaultOf(tenantId, manager);
      if (winner) return winner;
    }
    throw new InvalidFlowError([`could not create the default flow of tenant ${tenantId}`]);
  }

  private async assertNameFree(tx: EntityManager, tenantId: string, name: string, exceptId: string | null) {
    if (!name.trim() || name.length > 80) throw new InvalidFlowError(['name must be 1–80 characters']);
    if (await this.store.nameTaken(tx, tenantId, name.trim(), exceptId)) throw new FlowNameTakenError(name);
  }
}

function validated(input: StepInput): FlowStep[] {
  if (!Array.isArray(input)) throw new InvalidFlowError(['steps must be a list']);
  const steps = normalizeSteps(input);
  const problems = stepProblems(steps);
  if (problems.length > 0) throw new InvalidFlowError(problems);
  return steps;
}

import type { EntityManager } from 'typeorm';
import type { FlowStep } from '../../domain/cadence';

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

/** A flow row to write (name trimmed and steps validated before). */
export interface FlowRecord {
  id: string;
  name: string;
  isDefault: boolean;
  steps: readonly FlowStep[];
  createdBy: string | null;
}

/**
 * `notification_flow.flows` / `flow_versions`: a tenant's flows (at most one active default, active
 * names unique case-insensitively: both enforced by partial unique indexes) and their immutable versions.
 * `manager` defaults to the data source; writes take the caller's transaction.
 */
export abstract class FlowStore {
  abstract transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T>;

  abstract list(tenantId: string, includeArchived: boolean): Promise<Flow[]>;

  abstract byId(tenantId: string, id: string, manager?: EntityManager): Promise<Flow | null>;

  /** The tenant's active default flow, if any. */
  abstract defaultOf(tenantId: string, manager: EntityManager): Promise<Flow | null>;

  /** Newest first. */
  abstract versions(flowId: string): Promise<FlowVersion[]>;

  abstract versionSteps(flowId: string, version: number, manager?: EntityManager): Promise<FlowStep[] | null>;

  /** An active flow other than `exceptId` already has this name (case-insensitive). */
  abstract nameTaken(
    tx: EntityManager,
    tenantId: string,
    name: string,
    exceptId: string | null,
  ): Promise<boolean>;

  /** Inserts the flow at version 1. */
  abstract insert(tx: EntityManager, tenantId: string, flow: FlowRecord): Promise<void>;

  /**
   * Inserts the flow (as the default, version 1) unless it would break a unique index — in particular
   * when the tenant already has an active default, committed or being written by a concurrent
   * transaction (`INSERT … ON CONFLICT DO NOTHING`: the loser waits for the winner, no lock of its own).
   * True when this call inserted it.
   */
  abstract insertDefaultIfAbsent(tx: EntityManager, tenantId: string, flow: FlowRecord): Promise<boolean>;

  abstract addVersion(
    tx: EntityManager,
    flowId: string,
    version: number,
    steps: readonly FlowStep[],
    createdBy: string | null,
  ): Promise<void>;

  /** Null fields are left as they are. */
  abstract updateFlow(
    tx: EntityManager,
    id: string,
    changes: { name: string | null; isDefault: boolean | null; version: number },
  ): Promise<void>;

  /** The tenant has no default flow any more. */
  abstract clearDefault(tx: EntityManager, tenantId: string): Promise<void>;

  abstract archive(id: string): Promise<void>;
}

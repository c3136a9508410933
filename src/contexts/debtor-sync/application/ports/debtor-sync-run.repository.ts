import type { EntityCounts, MirrorEntity } from './debtor-mirror.repository';

export type RunKind = 'initial' | 'periodic';
export type RunTrigger = 'coverage' | 'api' | 'schedule';
export type RunCounts = Record<MirrorEntity, EntityCounts> & { events: number; pages: number };

export interface DebtorSyncRun {
  id: string;
  tenantId: string;
  clinicId: string;
  kind: RunKind;
  trigger: RunTrigger;
  status: 'running' | 'completed' | 'failed';
  windowFrom: string;
  windowTo: string;
  counts: RunCounts;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

export function emptyCounts(): RunCounts {
  const entity = (): EntityCounts => ({ read: 0, inserted: 0, updated: 0, unchanged: 0, failed: 0 });
  return { patients: entity(), contracts: entity(), installments: entity(), events: 0, pages: 0 };
}

export abstract class DebtorSyncRunRepository {
  abstract create(
    tenantId: string,
    clinicId: string,
    kind: RunKind,
    trigger: RunTrigger,
    window: { from: string; to: string },
  ): Promise<DebtorSyncRun>;
  abstract saveCounts(tenantId: string, id: string, counts: RunCounts): Promise<void>;
  abstract finish(tenantId: string, id: string, counts: RunCounts, error: string | null): Promise<void>;
  abstract get(tenantId: string, id: string): Promise<DebtorSyncRun | null>;
  abstract list(
    tenantId: string,
    filter: { clinicId?: string; limit: number; offset: number },
  ): Promise<{ items: DebtorSyncRun[]; total: number }>;
  /** Runs left `running` by a process that died (no lease holds them) become failed. */
  abstract failAbandoned(tenantId: string, clinicId: string): Promise<void>;
  abstract hasCompleted(tenantId: string, clinicId: string): Promise<boolean>;
}

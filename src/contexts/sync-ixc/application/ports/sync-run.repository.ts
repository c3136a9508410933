import type { SyncResource } from './ixc-source';

export type SyncMode = 'incremental' | 'full';

export interface ResourceProgress {
  status: 'pending' | 'running' | 'completed' | 'failed';
  pages: number;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Malformed rows IXC sent, skipped. */
  rejected: number;
  events: number;
}

export interface SyncRun {
  id: string;
  tenantId: string;
  mode: SyncMode;
  resources: SyncResource[];
  trigger: 'api' | 'schedule';
  status: 'running' | 'completed' | 'failed';
  progress: Partial<Record<SyncResource, ResourceProgress>>;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

export const emptyProgress = (): ResourceProgress => ({
  status: 'pending',
  pages: 0,
  read: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  rejected: 0,
  events: 0,
});

/** The sync-run ledger (`sync_ixc.sync_runs`). */
export abstract class SyncRunRepository {
  abstract create(
    tenantId: string,
    mode: SyncMode,
    resources: SyncResource[],
    trigger: 'api' | 'schedule',
  ): Promise<SyncRun>;
  abstract saveProgress(runId: string, progress: SyncRun['progress']): Promise<void>;
  /** Completed, or failed with `error`. */
  abstract finish(runId: string, progress: SyncRun['progress'], error: string | null): Promise<void>;
  abstract get(tenantId: string, runId: string): Promise<SyncRun | undefined>;
  /** Newest first. */
  abstract list(
    tenantId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: SyncRun[]; total: number }>;
  /** A run left `running` by a process that died is failed when the next one starts. */
  abstract failAbandoned(tenantId: string): Promise<void>;
}

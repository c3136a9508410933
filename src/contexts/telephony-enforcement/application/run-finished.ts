import { EnforcementRunFinishedEvent } from '../contracts/enforcement-events';
import type { EnforcementMetrics } from './enforcement-metrics';
import { durationMs, type EnforcementRun } from '../domain/enforcement-run';

/** The event (for the outbox) and the metrics of a run that just ended. */
export function runFinished(run: EnforcementRun, metrics: EnforcementMetrics): EnforcementRunFinishedEvent {
  const status = run.status === 'running' ? 'failed' : run.status;
  const duration = durationMs(run);
  metrics.runs.inc({ outcome: status, trigger: run.trigger, dry_run: String(run.dryRun) });
  metrics.runDuration.observe({ trigger: run.trigger }, duration / 1000);
  if (status === 'held') metrics.breakerTrips.inc({ trigger: run.trigger });
  return new EnforcementRunFinishedEvent(run.tenantId, {
    runId: run.id,
    trigger: run.trigger,
    dryRun: run.dryRun,
    status,
    accounts: run.accounts,
    counts: run.counts,
    planned: run.planned,
    applied: run.applied,
    simulated: run.simulated,
    failed: run.failed,
    skipped: run.skipped,
    durationMs: duration,
    heldReason: run.heldReason,
    error: run.error,
  });
}

import { IntegrationEvent } from '../../../shared/ddd/domain-event';

export type EnforcementActionName = 'no_change' | 'block' | 'unblock' | 'disable' | 'enable';
export type LineStateName = 'active' | 'blocked' | 'inactive' | 'unknown';
/** How applying an action ended. `already_applied`: Magnus already held the target value. */
export type SettledOutcome = 'applied' | 'already_applied' | 'dry_run' | 'skipped' | 'failed';

export interface ActionSettledPayload {
  runId: string;
  actionId: string;
  dryRun: boolean;
  magnusUserId: number;
  username: string;
  company: string;
  contractId: string | null;
  action: EnforcementActionName;
  from: LineStateName;
  to: LineStateName;
  fromValue: number | null;
  toValue: number | null;
  reason: string;
  outcome: SettledOutcome;
  error: string | null;
  at: string;
}

/** One decided action of a reconcile run reached its end (written to Magnus, simulated, or not). */
export class EnforcementActionSettledEvent extends IntegrationEvent<ActionSettledPayload> {
  static readonly ROUTING_KEY = 'telephony_enforcement.action.settled.v1';
  readonly routingKey = EnforcementActionSettledEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: ActionSettledPayload) {
    super(tenantId, payload, { orderingKey: `enforcement-run:${payload.runId}` });
  }
}

export interface RunFinishedPayload {
  runId: string;
  trigger: 'schedule' | 'api' | 'event' | 'cli';
  dryRun: boolean;
  /** `completed_with_errors`: some actions failed; `failed`: none went through, or the run could not plan */
  status: 'completed' | 'completed_with_errors' | 'held' | 'failed';
  accounts: number;
  counts: Record<EnforcementActionName, number>;
  /** actions decided (not NoChange) */
  planned: number;
  /** written to Magnus or found already there; always 0 in a dry run */
  applied: number;
  /** dry run: would have been written */
  simulated: number;
  failed: number;
  skipped: number;
  durationMs: number;
  heldReason: string | null;
  error: string | null;
}

/** A reconcile run ended: every action settled (some may have failed), or the safety breaker held it, or it failed. */
export class EnforcementRunFinishedEvent extends IntegrationEvent<RunFinishedPayload> {
  static readonly ROUTING_KEY = 'telephony_enforcement.run.finished.v1';
  readonly routingKey = EnforcementRunFinishedEvent.ROUTING_KEY;

  constructor(tenantId: string, payload: RunFinishedPayload) {
    super(tenantId, payload, { orderingKey: `enforcement-run:${payload.runId}` });
  }
}

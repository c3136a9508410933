import { emptyActionCounts } from '../../domain/account-state';
import type {
  ActionOutcome,
  EnforcementActionRecord,
  EnforcementRun,
  PlannedAction,
  RunPhase,
  RunScope,
  RunStatus,
  RunTrigger,
} from '../../domain/enforcement-run';

/** The rows of `telephony_enforcement.runs` / `.actions` as Postgres returns them, and their mapping. */
export interface RunRow {
  id: string;
  tenant_id: string;
  trigger: RunTrigger;
  dry_run: boolean;
  forced: boolean;
  scope: RunScope;
  status: RunStatus;
  phase: RunPhase;
  users_listed: number;
  accounts: number;
  counts: Record<string, number>;
  pending: number;
  applied: number;
  simulated: number;
  failed: number;
  skipped: number;
  held_reason: string | null;
  error: string | null;
  requested_by: string | null;
  started_at: Date;
  finished_at: Date | null;
}

export interface ActionRow {
  id: string;
  run_id: string;
  seq: number;
  magnus_user_id: string;
  username: string;
  company: string;
  contract_id: string | null;
  action: PlannedAction['action'];
  from_state: PlannedAction['from'];
  to_state: PlannedAction['to'];
  from_value: number | null;
  to_value: number | null;
  reason: PlannedAction['reason'];
  detail: string;
  outcome: ActionOutcome;
  error: string | null;
  attempts: number;
  applied_at: Date | null;
  reported_at: Date | null;
}

export const RUN_COLUMNS = `id, tenant_id, trigger, dry_run, forced, scope, status, phase, users_listed, accounts, counts,
  pending, applied, simulated, failed, skipped, held_reason, error, requested_by, started_at, finished_at`;
export const ACTION_COLUMNS = `id, run_id, seq, magnus_user_id::text, username, company, contract_id, action, from_state,
  to_state, from_value, to_value, reason, detail, outcome, error, attempts, applied_at, reported_at`;

export function toRun(row: RunRow): EnforcementRun {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    trigger: row.trigger,
    dryRun: row.dry_run,
    forced: row.forced,
    scope: row.scope,
    status: row.status,
    phase: row.phase,
    usersListed: row.users_listed,
    accounts: row.accounts,
    counts: { ...emptyActionCounts(), ...row.counts },
    planned: Object.entries(row.counts).reduce(
      (n, [action, count]) => (action === 'no_change' ? n : n + count),
      0,
    ),
    pending: row.pending,
    applied: row.applied,
    simulated: row.simulated,
    failed: row.failed,
    skipped: row.skipped,
    heldReason: row.held_reason,
    error: row.error,
    requestedBy: row.requested_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function toAction(row: ActionRow): EnforcementActionRecord {
  return {
    id: row.id,
    runId: row.run_id,
    seq: row.seq,
    magnusUserId: Number(row.magnus_user_id),
    username: row.username,
    company: row.company,
    contractId: row.contract_id,
    action: row.action,
    from: row.from_state,
    to: row.to_state,
    fromValue: row.from_value,
    toValue: row.to_value,
    reason: row.reason,
    detail: row.detail,
    outcome: row.outcome,
    error: row.error,
    attempts: row.attempts,
    appliedAt: row.applied_at,
    reportedAt: row.reported_at,
  };
}

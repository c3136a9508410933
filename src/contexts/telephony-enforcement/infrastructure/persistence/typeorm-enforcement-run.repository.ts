import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { emptyActionCounts } from '../../domain/account-state';
import type {
  ActionOutcome,
  EnforcementActionRecord,
  EnforcementRun,
  PlannedAction,
  RunPhase,
} from '../../domain/enforcement-run';
import type { NewRun, PlanResult } from '../../application/ports/enforcement-run.repository';
import {
  ACTION_COLUMNS,
  RUN_COLUMNS,
  toAction,
  toRun,
  type ActionRow,
  type RunRow,
} from './typeorm-enforcement-run.rows';
import { TypeormEnforcementRunReads } from './typeorm-enforcement-run.reads';

/** Outcomes that count in a run's `applied` figure: the line holds the target value. */
const APPLIED: ReadonlySet<ActionOutcome> = new Set(['applied', 'already_applied']);
/** Said when the last action of a run settles and none of them went through. */
const NOTHING_WENT_THROUGH = 'none of the planned changes went through: every action failed';

/** Persistence of reconcile runs and their actions (`telephony_enforcement.runs` / `.actions`). */
@Injectable()
export class TypeormEnforcementRunRepository extends TypeormEnforcementRunReads {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  async create(run: NewRun): Promise<EnforcementRun> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO telephony_enforcement.runs (id, tenant_id, trigger, dry_run, forced, scope, status, counts, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, $8) RETURNING ${RUN_COLUMNS}`,
      [
        run.id,
        run.tenantId,
        run.trigger,
        run.dryRun,
        run.forced,
        JSON.stringify(run.scope),
        JSON.stringify(emptyActionCounts()),
        run.requestedBy,
      ],
    )) as RunRow[];
    return toRun(row!);
  }

  /** Progress while planning; the heartbeat tells a crashed planner from a slow one. */
  async progress(
    runId: string,
    phase: RunPhase,
    figures: { usersListed?: number; accounts?: number } = {},
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE telephony_enforcement.runs SET phase = $2, heartbeat_at = now(),
              users_listed = COALESCE($3, users_listed), accounts = COALESCE($4, accounts)
        WHERE id = $1`,
      [runId, phase, figures.usersListed ?? null, figures.accounts ?? null],
    );
  }

  /**
   * Runs whose planner stopped (process killed) before its plan was saved: nothing was queued, so they
   * can only be failed. Runs already applying are driven by messages and are never abandoned.
   */
  async failAbandoned(tenantId: string, olderThanMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE telephony_enforcement.runs
          SET status = 'failed', phase = 'done', error = 'abandoned: the process planning it stopped', finished_at = now()
        WHERE tenant_id = $1 AND status = 'running' AND phase <> 'applying'
          AND heartbeat_at < now() - $2 * interval '1 millisecond'`,
      [tenantId, olderThanMs],
    );
  }

  /** Saves the decided actions and the run's figures in the caller's transaction. */
  async savePlan(
    tx: EntityManager,
    run: EnforcementRun,
    actions: PlannedAction[],
    result: PlanResult,
  ): Promise<EnforcementRun> {
    const counts = emptyActionCounts();
    for (const a of actions) counts[a.action] += 1;
    for (let start = 0; start < actions.length; start += 5000) {
      const chunk = actions.slice(start, start + 5000);
      const col = <K extends keyof PlannedAction>(key: K) => chunk.map((a) => a[key]);
      await tx.query(
        `INSERT INTO telephony_enforcement.actions
           (id, run_id, tenant_id, seq, magnus_user_id, username, company, contract_id, action, from_state, to_state,
            from_value, to_value, reason, detail, outcome)
         SELECT u.id, $1, $2, u.seq, u.magnus_user_id, u.username, u.company, u.contract_id, u.action, u.from_state,
                u.to_state, u.from_value, u.to_value, u.reason, u.detail, u.outcome
           FROM unnest($3::uuid[], $4::int[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                       $11::text[], $12::smallint[], $13::smallint[], $14::text[], $15::text[], $16::text[])
             AS u(id, seq, magnus_user_id, username, company, contract_id, action, from_state, to_state, from_value,
                  to_value, reason, detail, outcome)`,
        [
          run.id,
          run.tenantId,
          col('id'),
          col('seq'),
          col('magnusUserId'),
          col('username'),
          col('company'),
          col('contractId'),
          col('action'),
          col('from'),
          col('to'),
          col('fromValue'),
          col('toValue'),
          col('reason'),
          col('detail'),
          col('outcome'),
        ],
      );
    }
    const finished = result.status !== 'running';
    const [row] = (await tx.query(
      `UPDATE telephony_enforcement.runs
          SET status = $2, phase = $3, counts = $4, pending = $5, held_reason = $6, error = $7, heartbeat_at = now(),
              finished_at = CASE WHEN $8 THEN now() END
        WHERE id = $1 RETURNING ${RUN_COLUMNS}`,
      [
        run.id,
        result.status,
        finished ? 'done' : 'applying',
        JSON.stringify(counts),
        result.pending,
        result.heldReason,
        result.error,
        finished,
      ],
    )) as [RunRow[], number];
    return toRun(row[0]!);
  }

  /**
   * Lines among `magnusUserIds` that another run of the tenant is still changing (an action pending) or
   * changed after `since` (this run's start, so what it read from Magnus may already be stale).
   */
  async linesInFlight(
    tx: EntityManager,
    run: { id: string; tenantId: string; startedAt: Date },
    magnusUserIds: number[],
  ): Promise<Set<number>> {
    if (magnusUserIds.length === 0) return new Set();
    const rows = (await tx.query(
      `SELECT DISTINCT magnus_user_id::text AS id FROM telephony_enforcement.actions
        WHERE tenant_id = $1 AND action <> 'no_change' AND run_id <> $2 AND magnus_user_id = ANY($3::bigint[])
          AND (outcome = 'pending' OR applied_at >= $4)`,
      [run.tenantId, run.id, magnusUserIds, run.startedAt],
    )) as Array<{ id: string }>;
    return new Set(rows.map((r) => Number(r.id)));
  }

  /**
   * The tenant's lines with a contract, as counted by its latest full run whose plan was saved (dry or
   * not); null before the first one. A partial run sees only a few lines: the share is of the whole base.
   */
  async baseAccounts(tx: EntityManager, tenantId: string): Promise<number | null> {
    const [row] = (await tx.query(
      `SELECT accounts FROM telephony_enforcement.runs
        WHERE tenant_id = $1 AND scope = '{}'::jsonb AND status <> 'failed' AND phase IN ('applying', 'done')
        ORDER BY started_at DESC LIMIT 1`,
      [tenantId],
    )) as Array<{ accounts: number }>;
    return row ? row.accounts : null;
  }

  /**
   * Block/disable actions of the tenant's other real runs applied within the window, or still in flight
   * from a run started within it (an action stuck for longer is not counted for ever).
   */
  async recentRestrictions(
    tx: EntityManager,
    run: { id: string; tenantId: string },
    windowMinutes: number,
  ): Promise<number> {
    const [row] = (await tx.query(
      `SELECT count(*)::int AS n FROM telephony_enforcement.actions a
         JOIN telephony_enforcement.runs r ON r.id = a.run_id
        WHERE a.tenant_id = $1 AND a.run_id <> $2 AND NOT r.dry_run
          AND a.action IN ('block', 'disable') AND a.outcome IN ('pending', 'applied')
          AND CASE WHEN a.outcome = 'pending' THEN r.started_at ELSE a.applied_at END
              >= now() - $3 * interval '1 minute'`,
      [run.tenantId, run.id, windowMinutes],
    )) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  /**
   * When the tenant's latest real full run was held by the breaker: the action it refused on each of
   * these lines, with the run's id. Empty once a later full run was not held.
   */
  async refusedByHeldRun(
    tx: EntityManager,
    tenantId: string,
    magnusUserIds: number[],
  ): Promise<Map<number, { action: PlannedAction['action']; runId: string }>> {
    if (magnusUserIds.length === 0) return new Map();
    const rows = (await tx.query(
      `WITH latest AS (
         SELECT id, status FROM telephony_enforcement.runs
          WHERE tenant_id = $1 AND scope = '{}'::jsonb AND NOT dry_run AND status <> 'failed'
            AND phase IN ('applying', 'done')
          ORDER BY started_at DESC LIMIT 1)
       SELECT a.magnus_user_id::text AS id, a.action, a.run_id FROM telephony_enforcement.actions a
         JOIN latest ON latest.id = a.run_id AND latest.status = 'held'
        WHERE a.outcome = 'held' AND a.magnus_user_id = ANY($2::bigint[])`,
      [tenantId, magnusUserIds],
    )) as Array<{ id: string; action: PlannedAction['action']; run_id: string }>;
    return new Map(rows.map((r) => [Number(r.id), { action: r.action, runId: r.run_id }]));
  }

  async fail(runId: string, error: string): Promise<EnforcementRun> {
    const [rows] = (await this.dataSource.query(
      `UPDATE telephony_enforcement.runs SET status = 'failed', phase = 'done', error = $2, finished_at = now()
        WHERE id = $1 RETURNING ${RUN_COLUMNS}`,
      [runId, error.slice(0, 2000)],
    )) as [RunRow[], number];
    return toRun(rows[0]!);
  }

  async action(
    tx: EntityManager,
    tenantId: string,
    actionId: string,
  ): Promise<EnforcementActionRecord | undefined> {
    const [row] = (await tx.query(
      `SELECT ${ACTION_COLUMNS} FROM telephony_enforcement.actions WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
      [actionId, tenantId],
    )) as ActionRow[];
    return row ? toAction(row) : undefined;
  }

  /**
   * Records how an action ended and keeps the run's figures in step; the run completes when its last
   * pending action settles. A replayed action (failed, then replayed from a dead letter) moves its
   * count from `failed` to where it now belongs. Returns the run when this settle finished it.
   */
  async settle(
    tx: EntityManager,
    action: EnforcementActionRecord,
    outcome: ActionOutcome,
    error: string | null,
  ): Promise<EnforcementRun | undefined> {
    await tx.query(
      `UPDATE telephony_enforcement.actions
          SET outcome = $2, error = $3, attempts = attempts + 1,
              applied_at = CASE WHEN $2 IN ('applied', 'already_applied') THEN clock_timestamp() ELSE applied_at END
        WHERE id = $1`,
      [action.id, outcome, error?.slice(0, 2000) ?? null],
    );
    const before = action.outcome;
    const delta = (set: (o: ActionOutcome) => boolean) => (set(outcome) ? 1 : 0) - (set(before) ? 1 : 0);
    // The run ends with its last pending action: `completed` when nothing failed, `failed` when nothing went
    // through (applied or, in a dry run, simulated), `completed_with_errors` in between. The figures are
    // computed from the locked row itself (SET expressions), never from a snapshot read before the lock:
    // two batches of one run settle concurrently. clock_timestamp(), not now(): the transaction began
    // before this batch's Magnus calls.
    const ends = `status = 'running' AND pending + $2 <= 0`;
    const nothingWentThrough = `failed + $5 > 0 AND applied + $3 + simulated + $4 = 0`;
    const [rows] = (await tx.query(
      `WITH before AS (SELECT id AS run_id, status AS was FROM telephony_enforcement.runs WHERE id = $1 FOR UPDATE)
       UPDATE telephony_enforcement.runs
          SET pending = pending + $2, applied = applied + $3, simulated = simulated + $4, failed = failed + $5,
              skipped = skipped + $6, heartbeat_at = now(),
              status = CASE WHEN NOT (${ends}) THEN status
                            WHEN failed + $5 = 0 THEN 'completed'
                            WHEN ${nothingWentThrough} THEN 'failed'
                            ELSE 'completed_with_errors' END,
              error = CASE WHEN ${ends} AND ${nothingWentThrough} THEN COALESCE(error, $7) ELSE error END,
              phase = CASE WHEN ${ends} THEN 'done' ELSE phase END,
              finished_at = CASE WHEN ${ends} THEN clock_timestamp() ELSE finished_at END
         FROM before WHERE id = before.run_id
        RETURNING ${RUN_COLUMNS}, (before.was = 'running' AND status <> 'running') AS just_finished`,
      [
        action.runId,
        delta((o) => o === 'pending'),
        delta((o) => APPLIED.has(o)),
        delta((o) => o === 'dry_run'),
        delta((o) => o === 'failed'),
        delta((o) => o === 'skipped'),
        NOTHING_WENT_THROUGH,
      ],
    )) as [Array<RunRow & { just_finished: boolean }>, number];
    const row = rows[0]!;
    return row.just_finished ? toRun(row) : undefined;
  }

  async markReported(tx: EntityManager, actionIds: string[]): Promise<void> {
    if (actionIds.length === 0) return;
    await tx.query(
      `UPDATE telephony_enforcement.actions SET reported_at = now() WHERE id = ANY($1::uuid[])`,
      [actionIds],
    );
  }
}

import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { IntegrationEvent } from '../../../../shared/ddd/domain-event';
import { Outbox } from '../../../../platform/messaging/outbox';
import { EnforcementActionSettledEvent, type SettledOutcome } from '../../contracts/enforcement-events';
import { EnforcementMetrics } from '../enforcement-metrics';
import { EnforcementState } from '../enforcement-state';
import { MagnusLines, type MagnusLine } from '../ports/magnus-lines';
import type { EnforcementActionRecord } from '../../domain/enforcement-run';
import { EnforcementRunRepository } from '../ports/enforcement-run.repository';
import { runFinished } from '../run-finished';
import { ApplyActionsCommand, type ApplyRequest } from './apply-actions.command';

/** How the Magnus side of one action ended; settled into the database afterwards. */
interface MagnusResult {
  outcome: SettledOutcome;
  error: string | null;
}

/** One tenant's lines of a batch as Magnus answered, or why they could not be read. */
type LinesRead = { lines: Map<number, MagnusLine> } | { error: unknown };

/** Errors the Magnus client marks transient (timeouts, network, 502/503/504) are retried by the backbone. */
const isTransient = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { transient?: unknown }).transient === true;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Remembered writes, so a batch retried message by message does not mistake our own write for someone else's. */
const RECENT_WRITES_TTL_MS = 10 * 60_000;

/**
 * Applies planned actions to Magnus. Idempotent: the line is read first (a batch's lines in one read); a
 * line already at the target value is not written again (a replay after a crash between the Magnus write
 * and the commit), and a line changed by someone since planning is left alone. Dry runs stop right before
 * the write and never report an action as applied.
 */
@CommandHandler(ApplyActionsCommand)
export class ApplyActionsHandler implements ICommandHandler<ApplyActionsCommand, void> {
  private readonly logger = new Logger('Enforcement');
  private readonly recentWrites = new Map<string, number>();

  constructor(
    private readonly lines: MagnusLines,
    private readonly runs: EnforcementRunRepository,
    private readonly state: EnforcementState,
    private readonly outbox: Outbox,
    private readonly metrics: EnforcementMetrics,
  ) {}

  /**
   * Several actions at once: their lines are read together, the writes run concurrently (the client's
   * limiter bounds them), then every outcome is settled in `tx`. A transient failure that may still be retried throws, so the
   * backbone retries the messages one by one.
   */
  async execute({ requests, tx }: ApplyActionsCommand): Promise<void> {
    // One after the other: `tx` is one connection, which runs one query at a time.
    const loaded: Array<{ request: ApplyRequest; action: EnforcementActionRecord | undefined }> = [];
    for (const request of requests)
      loaded.push({ request, action: await this.runs.action(tx, request.tenantId, request.actionId) });
    const work = loaded.filter(
      (l): l is { request: ApplyRequest; action: EnforcementActionRecord } =>
        l.action !== undefined && (l.action.outcome === 'pending' || l.action.outcome === 'failed'),
    );
    const allowed = new Map<string, 'yes' | 'paused' | 'kill_switch'>();
    for (const tenantId of new Set(work.map((w) => w.request.tenantId))) {
      allowed.set(tenantId, await this.state.writesAllowed(tenantId, tx));
    }
    const lines = await this.readLines(work, tx);
    const results = await Promise.allSettled(
      work.map((w) =>
        this.magnus(
          w.request,
          w.action,
          lines.get(w.request.tenantId)!,
          allowed.get(w.request.tenantId)!,
          tx,
        ),
      ),
    );
    const retry = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (retry) throw retry.reason;
    const events: IntegrationEvent[] = [];
    for (const [i, w] of work.entries()) {
      const result = (results[i] as PromiseFulfilledResult<MagnusResult>).value;
      events.push(...(await this.settle(tx, w.request, w.action, result)));
    }
    await this.outbox.publish(tx, events);
  }

  /**
   * The batch's lines, one Magnus read per tenant instead of one per action. A read that fails is handed to
   * each of its actions, which treat it as their own read failing (retried when transient).
   */
  private async readLines(
    work: ReadonlyArray<{ request: ApplyRequest; action: EnforcementActionRecord }>,
    tx: EntityManager,
  ): Promise<Map<string, LinesRead>> {
    const ids = new Map<string, number[]>();
    for (const { request, action } of work) {
      const list = ids.get(request.tenantId) ?? [];
      list.push(action.magnusUserId);
      ids.set(request.tenantId, list);
    }
    const reads = new Map<string, LinesRead>();
    await Promise.all(
      [...ids].map(async ([tenantId, tenantIds]) => {
        try {
          reads.set(tenantId, { lines: await this.lines.getMany(tenantId, tenantIds, tx) });
        } catch (error) {
          reads.set(tenantId, { error });
        }
      }),
    );
    return reads;
  }

  private async magnus(
    request: ApplyRequest,
    action: EnforcementActionRecord,
    read: LinesRead,
    allowed: 'yes' | 'paused' | 'kill_switch',
    tx: EntityManager,
  ): Promise<MagnusResult> {
    const { tenantId } = request;
    try {
      if ('error' in read) throw read.error;
      const line = read.lines.get(action.magnusUserId);
      if (!line) return { outcome: 'failed', error: `Magnus user ${action.magnusUserId} no longer exists` };
      if (line.active === action.toValue) {
        // A dry run reports nothing as applied: there is simply nothing it would write.
        if (request.dryRun) return { outcome: 'skipped', error: 'Magnus already holds the target value' };
        const ours = this.recentWrites.has(action.id);
        return { outcome: ours ? 'applied' : 'already_applied', error: null };
      }
      if (line.active !== action.fromValue) {
        return {
          outcome: 'skipped',
          error: `line changed since planning: active is ${String(line.active)}, planned from ${String(action.fromValue)}`,
        };
      }
      if (request.dryRun) return { outcome: 'dry_run', error: null };
      if (allowed !== 'yes') {
        return {
          outcome: 'skipped',
          error: allowed === 'kill_switch' ? 'kill switch on' : 'enforcement paused',
        };
      }
      await this.lines.setActive(tenantId, action.magnusUserId, action.toValue!, tx);
      this.remember(action.id);
      return { outcome: 'applied', error: null };
    } catch (error) {
      if (isTransient(error) && !request.lastAttempt) throw error;
      this.logger.warn({ err: error, actionId: action.id, username: action.username }, 'Magnus write failed');
      return { outcome: 'failed', error: describe(error) };
    }
  }

  private async settle(
    tx: EntityManager,
    request: ApplyRequest,
    action: EnforcementActionRecord,
    result: MagnusResult,
  ): Promise<IntegrationEvent[]> {
    const finished = await this.runs.settle(tx, action, result.outcome, result.error);
    this.metrics.actions.inc({
      action: action.action,
      outcome: result.outcome,
      dry_run: String(request.dryRun),
    });
    const events: IntegrationEvent[] = [
      new EnforcementActionSettledEvent(request.tenantId, {
        runId: action.runId,
        actionId: action.id,
        dryRun: request.dryRun,
        magnusUserId: action.magnusUserId,
        username: action.username,
        company: action.company,
        contractId: action.contractId,
        action: action.action,
        from: action.from,
        to: action.to,
        fromValue: action.fromValue,
        toValue: action.toValue,
        reason: action.reason,
        outcome: result.outcome,
        error: result.error,
        at: new Date().toISOString(),
      }),
    ];
    if (finished) events.push(runFinished(finished, this.metrics));
    return events;
  }

  private remember(actionId: string): void {
    const now = Date.now();
    this.recentWrites.set(actionId, now);
    for (const [id, at] of this.recentWrites) {
      if (now - at < RECENT_WRITES_TTL_MS) break;
      this.recentWrites.delete(id);
    }
  }
}

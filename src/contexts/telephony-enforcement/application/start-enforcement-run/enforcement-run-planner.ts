import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { Tenants } from '../../../../platform/access/tenants';
import { Outbox } from '../../../../platform/messaging/outbox';
import { JobLeases } from '../../../../platform/scheduling/job-leases';
import { forEachLimited } from '../../../../shared/async/for-each-limited';
import { settleWithin } from '../../../../shared/async/settle-within';
import { ExecutionContext } from '../../../../shared/context/execution-context';
import { localDate } from '../../../../shared/time/local-date';
import { GetContractStatusesQuery, type ContractStatus } from '../../../sync-ixc/contracts';
import { decide, type ContractFacts } from '../../domain/decision';
import type { EnforcementSettings } from '../../domain/enforcement-settings';
import { concludePlan } from '../../domain/run-plan';
import { EnforcementPausedError, EnforcementRunInProgressError } from '../../telephony-enforcement.errors';
import { EnforcementMetrics } from '../enforcement-metrics';
import { EnforcementState } from '../enforcement-state';
import { MagnusLines, type MagnusLine } from '../ports/magnus-lines';
import { EnforcementActionPlannedEvent } from '../../domain/action-planned.event';
import type { EnforcementRun, PlannedAction, RunScope } from '../../domain/enforcement-run';
import { EnforcementRunRepository } from '../ports/enforcement-run.repository';
import { runFinished } from '../run-finished';
import type { RunRequest } from './start-enforcement-run.command';

const LEASE_TTL_MS = 60_000;
/** Contract ids per GetContractStatuses query: a failed query leaves only these unknown. */
const STATUS_QUERY_CHUNK = 1000;
/**
 * Chunk queries in flight at once. IXC's own limits live in the tenant's IXC client, which every query
 * shares; this only keeps that client fed instead of waiting for each chunk's last answer.
 */
const STATUS_QUERY_CONCURRENCY = 4;

/**
 * A reconcile run: list the tenant's Magnus lines → keep those with a contract reference → read their
 * contracts live from IXC (GetContractStatuses, batched) → decide → safety breaker → save the plan and
 * queue one message per action in the same transaction. Applying happens in the apply consumer.
 * Planning is one at a time per tenant (a lease shared by every process).
 */
@Injectable()
export class EnforcementRunPlanner implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Enforcement');
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly queryBus: QueryBus,
    private readonly lines: MagnusLines,
    private readonly runs: EnforcementRunRepository,
    private readonly state: EnforcementState,
    private readonly outbox: Outbox,
    private readonly leases: JobLeases,
    private readonly tenants: Tenants,
    private readonly metrics: EnforcementMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the run and starts planning it; `planned` settles once its plan is saved (or it failed). */
  async begin(
    tenantId: string,
    request: RunRequest,
  ): Promise<{ run: EnforcementRun; planned: Promise<void> }> {
    if (!request.dryRun) {
      const allowed = await this.state.writesAllowed(tenantId);
      if (allowed !== 'yes') throw new EnforcementPausedError(allowed);
    }
    await this.lines.assertConfigured(tenantId);
    const lease = `telephony-enforcement:${tenantId}`;
    const holder = randomUUID();
    if (!(await this.leases.tryAcquire(lease, holder, LEASE_TTL_MS))) {
      const running = await this.runs.running(tenantId);
      throw new EnforcementRunInProgressError(running?.id ?? 'unknown');
    }
    try {
      await this.runs.failAbandoned(tenantId, LEASE_TTL_MS);
      const run = await this.runs.create({
        id: randomUUID(),
        tenantId,
        trigger: request.trigger,
        dryRun: request.dryRun,
        forced: request.force ?? false,
        scope: scopeOf(request),
        requestedBy: request.requestedBy ?? null,
      });
      const stopRenewal = this.leases.keepRenewed(lease, holder, LEASE_TTL_MS);
      const planned = ExecutionContext.run(
        { correlationId: ExecutionContext.correlationId() ?? run.id },
        () => this.execute(run),
      ).finally(async () => {
        stopRenewal();
        await this.leases.releaseQuietly(lease, holder);
      });
      this.inFlight.add(planned);
      // a background run has no caller left to see it fail: logged, never an unhandled rejection
      void planned
        .finally(() => this.inFlight.delete(planned))
        .catch((err: unknown) => this.logger.error({ err, runId: run.id }, 'Enforcement run ended badly'));
      return { run, planned };
    } catch (error) {
      await this.leases.releaseQuietly(lease, holder);
      throw error;
    }
  }

  private async execute(run: EnforcementRun): Promise<void> {
    try {
      const settings = await this.state.settings(run.tenantId);
      const listed = await this.listLines(run);
      const linked = listed.filter((line) => line.contractRef !== null);
      await this.runs.progress(run.id, 'reading_contracts', {
        usersListed: listed.length,
        accounts: linked.length,
      });
      const contracts = await this.readContracts(run, linked);
      await this.runs.progress(run.id, 'deciding');
      const today = localDate(new Date(), await this.tenants.timeZone(run.tenantId));
      const actions = linked.map((line, seq): PlannedAction => {
        const facts = contracts.get(line.contractRef!) ?? { known: false, reason: 'unavailable' };
        return {
          id: randomUUID(),
          seq,
          magnusUserId: line.id,
          username: line.username,
          company: line.company,
          contractId: line.contractRef,
          outcome: 'none',
          ...decide({ username: line.username, active: line.active }, facts, settings, today),
        };
      });
      const finished = await this.savePlan(run, actions, linked.length, settings, contracts);
      this.logger.log(
        {
          runId: run.id,
          tenantId: run.tenantId,
          status: finished.status,
          counts: finished.counts,
          dryRun: run.dryRun,
        },
        finished.status === 'held'
          ? `Enforcement run held by the safety breaker: ${finished.heldReason}`
          : `Enforcement run planned: ${linked.length} lines, ${finished.pending} actions queued`,
      );
    } catch (error) {
      this.logger.error({ err: error, runId: run.id }, 'Enforcement run failed');
      const failed = await this.runs.fail(run.id, error instanceof Error ? error.message : String(error));
      await this.dataSource.transaction((tx) => this.outbox.publish(tx, [runFinished(failed, this.metrics)]));
    }
  }

  private async listLines(run: EnforcementRun): Promise<MagnusLine[]> {
    if (run.scope.usernames) return this.lines.byUsernames(run.tenantId, run.scope.usernames);
    if (run.scope.contractIds) return this.lines.byContracts(run.tenantId, run.scope.contractIds);
    return this.lines.all(run.tenantId);
  }

  /** Live statuses of every referenced contract, in chunks read a few at once; a chunk that fails stays unknown. */
  private async readContracts(
    run: EnforcementRun,
    linked: MagnusLine[],
  ): Promise<Map<string, ContractFacts>> {
    const ids = [...new Set(linked.map((line) => line.contractRef!))];
    const chunks: string[][] = [];
    for (let start = 0; start < ids.length; start += STATUS_QUERY_CHUNK) {
      chunks.push(ids.slice(start, start + STATUS_QUERY_CHUNK));
    }
    const facts = new Map<string, ContractFacts>();
    await forEachLimited(chunks, STATUS_QUERY_CONCURRENCY, async (chunk) => {
      const statuses = await this.queryBus.execute<GetContractStatusesQuery, ContractStatus[]>(
        new GetContractStatusesQuery(run.tenantId, chunk, 'live'),
      );
      for (const status of statuses) facts.set(status.contractId, status);
      await this.runs.progress(run.id, 'reading_contracts');
    });
    return facts;
  }

  private async savePlan(
    run: EnforcementRun,
    actions: PlannedAction[],
    accounts: number,
    settings: EnforcementSettings,
    contracts: Map<string, ContractFacts>,
  ): Promise<EnforcementRun> {
    const partial = Boolean(run.scope.usernames || run.scope.contractIds);
    const unreadable = [...contracts.values()].filter((c) => !c.known && c.reason === 'unavailable').length;
    const note =
      unreadable > 0
        ? `${unreadable} contracts could not be read from IXC: their lines were left alone`
        : null;

    return this.dataSource.transaction(async (tx) => {
      const changing = actions.filter((a) => a.action !== 'no_change').map((a) => a.magnusUserId);
      const busy = await this.runs.linesInFlight(tx, run, changing);
      const refused =
        partial && !run.forced
          ? await this.runs.refusedByHeldRun(tx, run.tenantId, changing)
          : new Map<number, never>();
      const { status, heldReason, pending } = concludePlan(
        actions,
        { partial, forced: run.forced },
        {
          busy,
          refused,
          accounts,
          baseAccounts: partial && !run.forced ? await this.runs.baseAccounts(tx, run.tenantId) : null,
          recentRestrictions: run.forced
            ? 0
            : await this.runs.recentRestrictions(tx, run, settings.breaker.windowMinutes),
        },
        settings.breaker,
      );
      const actionable = actions.filter((a) => a.action !== 'no_change');
      const saved = await this.runs.savePlan(tx, run, actions, { status, heldReason, error: note, pending });
      if (status === 'running') {
        await this.outbox.publish(
          tx,
          actionable.map(
            (a) =>
              new EnforcementActionPlannedEvent(run.tenantId, {
                runId: run.id,
                actionId: a.id,
                magnusUserId: a.magnusUserId,
                username: a.username,
                dryRun: run.dryRun,
              }),
          ),
        );
      } else {
        await this.outbox.publish(tx, [runFinished(saved, this.metrics)]);
      }
      for (const a of actions) {
        if (a.action === 'no_change' || status === 'held') {
          this.metrics.actions.inc({ action: a.action, outcome: a.outcome, dry_run: String(run.dryRun) });
        }
      }
      return saved;
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    // A plan cut short is failed by the next run (abandoned); give the ones in flight a moment.
    await settleWithin([...this.inFlight], this.config.SHUTDOWN_TIMEOUT_MS);
  }
}

function scopeOf(request: RunRequest): RunScope {
  if (request.usernames && request.usernames.length > 0)
    return { usernames: [...new Set(request.usernames)] };
  if (request.contractIds && request.contractIds.length > 0)
    return { contractIds: [...new Set(request.contractIds)] };
  return {};
}

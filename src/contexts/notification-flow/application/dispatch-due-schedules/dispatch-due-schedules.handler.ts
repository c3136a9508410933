import { Inject } from '@nestjs/common';
import { CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { GetTenantIntegrationsQuery } from '../../../../platform/access/contracts';
import { Outbox } from '../../../../platform/messaging/outbox';
import { MessageDueEvent } from '../../contracts/notification-events';
import { brazilianClosedDays } from '../../domain/brazilian-holidays';
import { Flows } from '../flows/flows.repository';
import { NotificationMetrics } from '../notification-metrics';
import { DueSchedules, type DueKey } from '../ports/due-schedules.repository';
import { NotificationSettingsStore } from '../settings/notification-settings';
import { throttleKey, Throttles } from '../throttle/throttles';
import { DispatchDueSchedulesCommand } from './dispatch-due-schedules.command';
import { queueAhead } from './dispatch-share';
import { dueVerdict, type DueRow, type TenantView, type Verdict } from './due-verdict';

/** Schedules claimed per transaction, at most (give or take a run). */
const CLAIM_BATCH = 500;
/**
 * What a tenant channel contributes to a transaction at most: about one worker batch (the transport hands
 * a consumer up to 100 deliveries a transaction). A worker batch then touches one or two throttle keys
 * (each one locked and counted while admitting), and the few batches a worker runs at once are mostly
 * of different tenants, each paced by its own provider limit.
 */
const RUN = 100;
/** Transactions per tick at most (then the next tick goes on). */
const MAX_BATCHES_PER_TICK = 40;

/** A tenant channel's state over one pass. */
interface KeyPass extends DueKey {
  /** the throttle key (WhatsApp: per sender instance) */
  key: string;
  /** how many more this pass may queue */
  room: number;
  /** the throttle, not the queue-ahead bound, is what limits `room`: rows beyond it are held */
  throttled: boolean;
  /** nothing more to do this pass (no rows left, room used up, or held) */
  done: boolean;
}

/**
 * Claims due schedules (`FOR UPDATE SKIP LOCKED`, so several schedulers never take the same one), checks
 * the stop conditions, the tenant's business hours and holidays, cooldown, snooze and a paused WhatsApp —
 * deferring to the next allowed moment, never dropping — and queues the rest on their channel queue
 * through the outbox, within what the throttles can admit.
 *
 * Tenants take turns: each tenant channel is claimed on its own, a run at a time, at most a few seconds
 * of its rate ahead of its workers ({@link queueAhead}), so the outbox (and the queue) receives runs of
 * one tenant channel after another. The channel queue is one FIFO for every tenant: a campaign queued in one block (a whole
 * throttle minute) kept the workers on that one tenant, paced by its own provider limit, while every
 * other tenant waited behind it.
 */
@CommandHandler(DispatchDueSchedulesCommand)
export class DispatchDueSchedulesHandler implements ICommandHandler<DispatchDueSchedulesCommand, number> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly schedules: DueSchedules,
    private readonly flows: Flows,
    private readonly settingsStore: NotificationSettingsStore,
    private readonly throttles: Throttles,
    private readonly metrics: NotificationMetrics,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One pass: claims and settles due schedules until none is left (bounded). Returns how many were queued. */
  async execute({ now }: DispatchDueSchedulesCommand): Promise<number> {
    if (Math.random() < 0.05) await this.throttles.prune(this.dataSource.manager);
    let queued = 0;
    const tenants = new Map<string, TenantView>();
    const due = await this.schedules.dueKeys(this.dataSource.manager, now);
    if (due.length === 0) return 0;
    let keys: KeyPass[] | undefined;
    for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
      queued += await this.dataSource.transaction(async (tx) => {
        keys ??= await this.keysOf(tx, due, tenants);
        return this.dispatchBatch(tx, now, tenants, keys);
      });
      if (keys!.every((k) => k.done)) break;
    }
    return queued;
  }

  /** Each due tenant channel's room for this pass: its throttle's room and its queue-ahead bound. */
  private async keysOf(
    tx: EntityManager,
    due: DueKey[],
    tenants: Map<string, TenantView>,
  ): Promise<KeyPass[]> {
    const keys: KeyPass[] = [];
    for (const { tenantId, channel } of due) {
      const tenant = await this.tenant(tx, tenantId, tenants);
      const key = throttleKey(tenantId, channel, tenant.whatsappInstance);
      const limit = tenant.settings.throttles[channel];
      const ahead = queueAhead(limit, this.config.NOTIFY_DISPATCH_INTERVAL_MS);
      const stale = this.config.NOTIFY_STALE_AFTER_MS;
      const waiting = await this.schedules.inFlight(tx, tenantId, channel, stale, ahead);
      if (waiting >= ahead) {
        // queued far enough ahead already: nothing to claim (its rows wait as they are, not held)
        keys.push({ tenantId, channel, key, room: 0, throttled: false, done: true });
        continue;
      }
      const room = await this.throttles.room(tx, key, limit, tenant.settings.businessHours.timeZone);
      const throttled = room <= ahead;
      const left = Math.max(0, Math.min(room, ahead) - waiting);
      keys.push({ tenantId, channel, key, room: left, throttled, done: left === 0 && !throttled });
    }
    return keys;
  }

  private async dispatchBatch(
    tx: EntityManager,
    now: Date,
    tenants: Map<string, TenantView>,
    keys: KeyPass[],
  ): Promise<number> {
    // A throttled key claims one more than its room (are there rows to hold?); with no room left it still
    // claims a run, so that rows to cancel or defer are settled rather than held.
    const limitOf = (k: KeyPass) =>
      k.throttled && k.room === 0 ? RUN : Math.min(RUN, k.throttled ? k.room + 1 : k.room);
    // the next keys in turn, a run each, up to CLAIM_BATCH rows; they go to the back of the line
    const open: KeyPass[] = [];
    let total = 0;
    for (const k of keys) {
      if (k.done) continue;
      if (total >= CLAIM_BATCH) break;
      open.push(k);
      total += limitOf(k);
    }
    for (const k of open) keys.push(...keys.splice(keys.indexOf(k), 1));
    const claims = open.map((k) => ({ tenantId: k.tenantId, channel: k.channel, limit: limitOf(k) }));
    const rows = await this.schedules.claimDue(tx, now, claims);
    const byKey = new Map(open.map((k) => [`${k.tenantId}:${k.channel}`, k]));
    const claimed = new Map<KeyPass, number>();
    for (const row of rows) {
      const k = byKey.get(`${row.tenant_id}:${row.channel}`)!;
      claimed.set(k, (claimed.get(k) ?? 0) + 1);
    }

    const verdicts = new Map<string, Exclude<Verdict, { to: 'queued' }>>();
    const candidates = new Map<KeyPass, DueRow[]>(open.map((k) => [k, []]));
    for (const row of rows) {
      const tenant = await this.tenant(tx, row.tenant_id, tenants);
      // billing campaign contacts have no flow step (no cooldown)
      const verdict = await dueVerdict(row, tenant, now, async () =>
        row.flow_id === null || row.flow_version === null
          ? undefined
          : this.flows.step(row.flow_id, row.flow_version, row.step_key, tx),
      );
      if (verdict.to !== 'queued') verdicts.set(row.id, verdict);
      else candidates.get(byKey.get(`${row.tenant_id}:${row.channel}`)!)!.push(row);
    }

    // Throttles: queue no more than the key can send now (the channel worker is the hard gate).
    const queues: DueRow[][] = [];
    const held: KeyPass[] = [];
    claims.forEach((claim, i) => {
      const k = open[i]!;
      const list = candidates.get(k)!;
      queues.push(list.slice(0, k.room));
      if (list.length > k.room) {
        if (k.throttled) held.push(k);
        k.done = true;
      } else if ((claimed.get(k) ?? 0) < claim.limit) k.done = true; // none left due
      k.room -= Math.min(k.room, list.length);
      if (k.room === 0 && !k.throttled) k.done = true;
    });
    const queue = queues.flat();

    const outcome = (ids: string[], status: string, reason: string | null, dueAt: Date | null) =>
      this.schedules.setOutcome(tx, ids, status, reason, dueAt);
    if (queue.length > 0) {
      await outcome(
        queue.map((r) => r.id),
        'queued',
        null,
        null,
      );
      await this.outbox.publish(
        tx,
        queue.map(
          (r) =>
            new MessageDueEvent(r.tenant_id, {
              scheduleId: r.id,
              channel: r.channel,
              debtorId: r.debtor_id,
              dueAt: r.due_at.toISOString(),
            }),
        ),
      );
    }
    const history: Array<[DueRow, string, string]> = [];
    for (const row of rows) {
      const v = verdicts.get(row.id);
      if (!v) continue;
      await outcome([row.id], v.to, v.reason, v.to === 'deferred' ? v.until : null);
      const counted = v.to === 'cancelled' ? 'cancelled' : v.to;
      if (v.to !== 'deferred' || v.history) {
        this.metrics.notifications.inc({ channel: row.channel, outcome: counted });
        history.push([row, v.to, v.reason]);
      }
    }
    await this.schedules.insertHistory(
      tx,
      history.map(([row, event, reason]) => ({ row, event, reason })),
    );
    // Rows of a full key wait a few seconds (not re-read every pass, so other tenants are not starved).
    // A row already held stays one hold: only rows held anew are counted, once each.
    const until = new Date(now.getTime() + 5000);
    for (const k of held) {
      const n = await this.schedules.holdThrottled(tx, k.tenantId, k.channel, until);
      if (n > 0) this.metrics.throttled.inc({ channel: k.channel }, n);
    }
    return queue.length;
  }

  private async tenant(
    tx: EntityManager,
    tenantId: string,
    cache: Map<string, TenantView>,
  ): Promise<TenantView> {
    let view = cache.get(tenantId);
    if (!view) {
      const settings = await this.settingsStore.get(tenantId, tx);
      const pause = await this.settingsStore.whatsappPause(tenantId, tx);
      const evolution = (await this.queries.execute(new GetTenantIntegrationsQuery(tenantId, tx)))
        .evolution as { instance?: unknown } | undefined;
      view = {
        settings,
        whatsappInstance: typeof evolution?.instance === 'string' ? evolution.instance : null,
        closed: brazilianClosedDays(settings.extraClosedDays),
        whatsappPaused: pause !== null,
      };
      cache.set(tenantId, view);
    }
    return view;
  }
}

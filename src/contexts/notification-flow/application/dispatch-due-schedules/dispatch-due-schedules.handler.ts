import { Inject } from '@nestjs/common';
import { CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { GetTenantIntegrationsQuery } from '../../../../platform/access/contracts';
import { Outbox } from '../../../../platform/messaging/outbox';
import type { Channel } from '../../domain/cadence';
import { MessageDueEvent } from '../../contracts/notification-events';
import { brazilianClosedDays } from '../../domain/brazilian-holidays';
import { Flows } from '../flows/flows.repository';
import { NotificationMetrics } from '../notification-metrics';
import { DueSchedules } from '../ports/due-schedules.repository';
import { NotificationSettingsStore } from '../settings/notification-settings';
import { throttleKey, Throttles } from '../throttle/throttles';
import { DispatchDueSchedulesCommand } from './dispatch-due-schedules.command';
import { dueVerdict, type DueRow, type TenantView, type Verdict } from './due-verdict';

/** Schedules claimed per transaction. */
const CLAIM_BATCH = 500;
/** Transactions per tick at most (then the next tick goes on). */
const MAX_BATCHES_PER_TICK = 40;

/**
 * Claims due schedules (`FOR UPDATE SKIP LOCKED`, so several schedulers never take the same one), checks
 * the stop conditions, the tenant's business hours and holidays, cooldown, snooze and a paused WhatsApp —
 * deferring to the next allowed moment, never dropping — and queues the rest on their channel queue
 * through the outbox, within what the throttles can admit.
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
    let queued = 0;
    const tenants = new Map<string, TenantView>();
    /** keys found full in this tick: their rows are pushed back in one statement */
    const full = new Set<string>();
    for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
      const { claimed, queued: q } = await this.dataSource.transaction((tx) =>
        this.dispatchBatch(tx, now, tenants, full),
      );
      queued += q;
      if (claimed < CLAIM_BATCH) break;
    }
    if (Math.random() < 0.05) await this.throttles.prune(this.dataSource.manager);
    return queued;
  }

  private async dispatchBatch(
    tx: EntityManager,
    now: Date,
    tenants: Map<string, TenantView>,
    full: Set<string>,
  ): Promise<{ claimed: number; queued: number }> {
    const rows = await this.schedules.claimDue(tx, now, CLAIM_BATCH);
    if (rows.length === 0) return { claimed: 0, queued: 0 };

    const verdicts = new Map<string, Exclude<Verdict, { to: 'queued' }>>();
    const candidates = new Map<string, DueRow[]>();
    for (const row of rows) {
      const tenant = await this.tenant(tx, row.tenant_id, tenants);
      // billing campaign contacts have no flow step (no cooldown)
      const verdict = await dueVerdict(row, tenant, now, async () =>
        row.flow_id === null || row.flow_version === null
          ? undefined
          : this.flows.step(row.flow_id, row.flow_version, row.step_key, tx),
      );
      if (verdict.to !== 'queued') {
        verdicts.set(row.id, verdict);
        continue;
      }
      const key = throttleKey(row.tenant_id, row.channel, tenant.whatsappInstance);
      const list = candidates.get(key) ?? [];
      list.push(row);
      candidates.set(key, list);
    }

    // Throttles: queue no more than the key can send now (the channel worker is the hard gate).
    const queue: DueRow[] = [];
    const pushBack: Array<{ tenantId: string; channel: Channel; until: Date }> = [];
    for (const [key, list] of candidates) {
      const first = list[0]!;
      const tenant = tenants.get(first.tenant_id)!;
      const limit = tenant.settings.throttles[first.channel];
      let room = full.has(key)
        ? 0
        : await this.throttles.room(tx, key, limit, tenant.settings.businessHours.timeZone);
      if (room < Number.MAX_SAFE_INTEGER) room = Math.max(0, room - (await this.inFlight(tx, first)));
      queue.push(...list.slice(0, room));
      if (list.length > room) {
        full.add(key);
        pushBack.push({
          tenantId: first.tenant_id,
          channel: first.channel,
          until: new Date(now.getTime() + 5000),
        });
      }
    }

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
    // Rows of a full key wait a few seconds (not re-read every batch, so other tenants are not starved).
    // A row already held stays one hold: only rows held anew are counted, once each.
    for (const p of pushBack) {
      const held = await this.schedules.holdThrottled(tx, p.tenantId, p.channel, p.until);
      if (held > 0) this.metrics.throttled.inc({ channel: p.channel }, held);
    }
    return { claimed: rows.length, queued: queue.length };
  }

  /**
   * Queued and not yet admitted by a worker (a `sending` one already holds its throttle slot). A row
   * queued longer than NOTIFY_STALE_AFTER_MS is lost, not in flight: it stops counting (and is swept).
   */
  private inFlight(tx: EntityManager, row: DueRow): Promise<number> {
    return this.schedules.inFlight(tx, row.tenant_id, row.channel, this.config.NOTIFY_STALE_AFTER_MS);
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

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addressFor } from '../../domain/contact-address';
import { sendStopReason } from '../../domain/send-stop-reason';
import { NotificationMetrics } from '../notification-metrics';
import { SendingSchedules } from '../ports/sending-schedules.repository';
import { NotificationSettingsStore } from '../settings/notification-settings';
import { throttleKey, Throttles } from '../throttle/throttles';
import { WhatsappPause } from '../whatsapp/whatsapp-pause';
import { ChannelFallback } from './channel-fallback';
import { historyRow, type HistoryRow } from './contact-history';
import { logPermanent } from './log-permanent';
import { isReplayed, reconcilesFirst } from './replay';
import type { SendRequest } from './send-message.command';
import { UNAVAILABLE_DEFER_MS, type SendingBatch, type Work } from './sending-batch';

type Fresh = Omit<Work, 'reconcile' | 'attempts'>;

/**
 * Step 1 of a send, in one transaction committed before any provider call: re-checks every schedule
 * (still queued, debt open, not opted out/snoozed, debtor reachable on the channel, WhatsApp open),
 * takes throttle slots and marks what is admitted `sending`. A schedule found `sending` already is
 * handed on for reconciliation.
 */
@Injectable()
export class ClaimBatch {
  constructor(
    private readonly schedules: SendingSchedules,
    private readonly settingsStore: NotificationSettingsStore,
    private readonly throttles: Throttles,
    private readonly whatsappPause: WhatsappPause,
    private readonly fallback: ChannelFallback,
    private readonly metrics: NotificationMetrics,
  ) {}

  async claim(tx: EntityManager, batch: SendingBatch, requests: SendRequest[]): Promise<Work[]> {
    const { channel, senders, whatsapp } = batch;
    const rows = await this.schedules.lockForClaim(tx, requests);
    const byId = new Map(requests.map((r) => [r.scheduleId, r]));
    const now = new Date();
    const fresh: Fresh[] = [];
    const work: Work[] = [];
    const history: HistoryRow[] = [];
    for (const row of rows) {
      const request = byId.get(row.id)!;
      if (row.tenant_id !== request.tenantId) continue;
      if (row.status === 'sending') {
        const to = addressFor(channel, row) ?? '';
        work.push({ row, request, to, reconcile: true, attempts: row.attempts });
        continue;
      }
      const replayed = isReplayed(row, request);
      if (replayed && reconcilesFirst(row, senders.get(row.tenant_id))) {
        await this.schedules.markReplayed(tx, row.id);
        const to = addressFor(channel, row) ?? '';
        work.push({ row, request, to, reconcile: true, force: true, attempts: row.attempts });
        continue;
      }
      // sent, failed, cancelled, skipped, unknown: settled already (unless replayed); planned/deferred: put
      // back earlier
      if (row.status !== 'queued' && !replayed) continue;
      const stop = sendStopReason(row, batch.todayOf(row.tenant_id), now);
      if (stop) {
        await this.schedules.setStatus(tx, row.id, stop.status, stop.reason, stop.until ?? null);
        history.push(historyRow(row, stop.status, { error: stop.reason }));
        this.metrics.notifications.inc({ channel, outcome: stop.status });
        continue;
      }
      const to = addressFor(channel, row);
      const sender = senders.get(row.tenant_id);
      if (!to || !sender) {
        // this channel cannot reach the debtor: the next channel of the step is tried
        const reason = to ? 'channel_not_configured' : 'no_address';
        const why = to ? 'the tenant has no provider for it' : 'the debtor has no address for it';
        logPermanent(row, channel, null, reason, why);
        await this.schedules.setStatus(tx, row.id, 'failed', reason, null);
        history.push(historyRow(row, 'failed', { error: reason }));
        await this.fallback.plan(tx, row, reason);
        continue;
      }
      const wa = whatsapp.get(row.tenant_id);
      if (channel === 'whatsapp' && wa && !wa.open) {
        await this.whatsappPause.pause(tx, row.tenant_id, `instance ${wa.instance} is ${wa.state}`);
        const until = new Date(now.getTime() + UNAVAILABLE_DEFER_MS);
        await this.schedules.setStatus(tx, row.id, 'deferred', 'whatsapp_paused', until);
        this.metrics.notifications.inc({ channel, outcome: 'deferred' });
        continue;
      }
      fresh.push({ row, request, to });
    }
    if (channel === 'whatsapp') {
      for (const [tenantId, wa] of whatsapp)
        if (wa.open) await this.settingsStore.setWhatsappPause(tenantId, null, tx);
    }
    work.push(...(await this.admit(tx, batch, fresh)));
    await this.schedules.insertHistory(tx, history);
    return work;
  }

  /** Throttle slots per key; what does not fit waits for the next free slot, the rest is marked `sending`. */
  private async admit(tx: EntityManager, batch: SendingBatch, fresh: Fresh[]): Promise<Work[]> {
    const { channel } = batch;
    const work: Work[] = [];
    const byKey = new Map<string, Fresh[]>();
    for (const f of fresh) {
      const key = throttleKey(f.row.tenant_id, channel, batch.whatsapp.get(f.row.tenant_id)?.instance);
      byKey.set(key, [...(byKey.get(key) ?? []), f]);
    }
    // Keys locked in one order: concurrent batches of the same channel never deadlock on two keys.
    for (const [key, list] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const tenant = batch.settings.get(list[0]!.row.tenant_id)!;
      const grant = await this.throttles.acquire(
        tx,
        key,
        list.map((f) => f.row.id),
        tenant.throttles[channel],
        tenant.businessHours.timeZone,
      );
      const admitted = list.slice(0, grant.granted);
      const held = list.slice(grant.granted);
      if (held.length > 0) {
        this.metrics.throttled.inc({ channel }, held.length);
        await this.schedules.holdThrottled(
          tx,
          held.map((h) => h.row.id),
          grant.retryAt ?? new Date(Date.now() + 5000),
        );
      }
      if (admitted.length > 0) {
        await this.schedules.markSending(
          tx,
          admitted.map((a) => ({ id: a.row.id, to: a.to })),
        );
        for (const a of admitted) work.push({ ...a, reconcile: false, attempts: a.row.attempts + 1 });
      }
    }
    return work;
  }
}

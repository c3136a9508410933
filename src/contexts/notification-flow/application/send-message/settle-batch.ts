import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { NotificationMetrics } from '../notification-metrics';
import type { Sent } from '../ports/channel-providers';
import { SendingSchedules } from '../ports/sending-schedules.repository';
import { Throttles } from '../throttle/throttles';
import { WhatsappPause } from '../whatsapp/whatsapp-pause';
import { ChannelFallback } from './channel-fallback';
import { historyRow, type HistoryRow } from './contact-history';
import { logPermanent } from './log-permanent';
import { UNAVAILABLE_DEFER_MS, type SendingBatch, type SendResult, type Work } from './sending-batch';

/** What settling the batch writes in bulk at the end, and what it hands back for a retry. */
interface Settlement {
  retry: string[];
  history: HistoryRow[];
  sentDebtors: Array<[string, string]>;
  sent: Array<{ id: string; reconciled: boolean; sent: Sent }>;
}

/** {@link SettleBatch.lock}: the row is still this worker's to settle. */
const OURS = 'ours';

/**
 * Step 3 of a send, in one transaction: settles each outcome — `sent` (+ history), permanent failure →
 * next channel of the step, unavailable channel → deferred (attempt not burnt, WhatsApp paused),
 * transient → queued again and retried through the backbone (the last attempt marks it failed). Touches
 * only a row still `sending` in the attempt it claimed. Returns the schedule ids to deliver again.
 */
@Injectable()
export class SettleBatch {
  private readonly logger = new Logger('NotificationWorker');

  constructor(
    private readonly schedules: SendingSchedules,
    private readonly throttles: Throttles,
    private readonly whatsappPause: WhatsappPause,
    private readonly fallback: ChannelFallback,
    private readonly metrics: NotificationMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async settle(
    tx: EntityManager,
    batch: SendingBatch,
    work: Work[],
    results: Map<string, SendResult>,
  ): Promise<string[]> {
    const out: Settlement = { retry: [], history: [], sentDebtors: [], sent: [] };
    const current = await this.lock(tx, work);
    const ours = work.filter((w) => current.get(w.row.id) === OURS);
    await this.throttles.settle(
      tx,
      ours.map((w) => w.row.id),
    );
    for (const w of work) {
      const r = results.get(w.row.id)!;
      const status = current.get(w.row.id) ?? 'missing';
      if (status === OURS) await this.settleOne(tx, batch, w, r, out);
      else this.settledElsewhere(w, r, status, out);
    }
    await this.writeSent(tx, out);
    // only the ones whose last attempt is not spent yet are retried; the others are dead-lettered too
    return out.retry;
  }

  private async settleOne(
    tx: EntityManager,
    batch: SendingBatch,
    w: Work,
    r: SendResult,
    out: Settlement,
  ): Promise<void> {
    const { channel } = batch;
    const { row } = w;
    // the backbone dead-letters after MESSAGING_MAX_ATTEMPTS deliveries: the last one settles for good
    const last = w.request.attempt >= this.config.MESSAGING_MAX_ATTEMPTS;
    const provider = batch.senders.get(row.tenant_id)?.provider ?? null;
    switch (r.kind) {
      case 'sent':
        out.sent.push({ id: row.id, reconciled: r.reconciled, sent: r.sent });
        out.history.push(
          historyRow(row, 'sent', {
            provider: r.sent.provider,
            providerMessageId: r.sent.providerMessageId,
            latencyMs: r.latencyMs,
            detail: r.reconciled ? { reconciled: true } : {},
          }),
        );
        out.sentDebtors.push([row.tenant_id, row.debtor_id]);
        this.metrics.notifications.inc({ channel, outcome: 'sent' });
        break;
      case 'permanent':
        logPermanent(row, channel, r.provider, r.failure.code, r.failure.message);
        await this.schedules.setStatus(tx, row.id, 'failed', r.failure.code, null, true);
        out.history.push(
          historyRow(row, 'failed', {
            provider: r.provider,
            error: `${r.failure.code}: ${r.failure.message}`,
            latencyMs: r.latencyMs,
          }),
        );
        this.metrics.notifications.inc({ channel, outcome: 'failed' });
        await this.fallback.plan(tx, row, r.failure.code);
        break;
      case 'unavailable':
        // the channel, not the message: do not burn the attempt
        await this.schedules.deferUnavailable(
          tx,
          row.id,
          r.failure.code,
          new Date(Date.now() + UNAVAILABLE_DEFER_MS),
        );
        if (channel === 'whatsapp') await this.whatsappPause.pause(tx, row.tenant_id, r.failure.message);
        out.history.push(
          historyRow(row, 'deferred', {
            provider: r.provider,
            error: `${r.failure.code}: ${r.failure.message}`,
          }),
        );
        this.metrics.notifications.inc({ channel, outcome: 'deferred' });
        break;
      case 'transient':
        if (last) {
          const outcome = r.failure.maybeSent ? 'unknown' : 'failed';
          await this.schedules.setStatus(tx, row.id, outcome, r.failure.code, null, true);
          out.history.push(
            historyRow(row, outcome, {
              provider: r.provider,
              error: `${r.failure.code}: ${r.failure.message} (attempt ${w.request.attempt}, giving up)`,
              latencyMs: r.latencyMs,
            }),
          );
          this.metrics.notifications.inc({ channel, outcome });
        } else {
          // Not sent for sure → back to queued; maybe sent → stays `sending`, the retry reconciles.
          if (!r.failure.maybeSent)
            await this.schedules.setStatus(tx, row.id, 'queued', r.failure.code, null, true);
          out.history.push(
            historyRow(row, 'retry', {
              provider: r.provider,
              error: `${r.failure.code}: ${r.failure.message}`,
              latencyMs: r.latencyMs,
            }),
          );
        }
        out.retry.push(row.id);
        break;
      case 'retry':
        if (last) {
          await this.schedules.setStatus(tx, row.id, 'unknown', r.reason, null, true);
          out.history.push(historyRow(row, 'unknown', { provider, error: r.reason }));
          this.metrics.notifications.inc({ channel, outcome: 'unknown' });
        }
        out.retry.push(row.id);
        break;
      case 'requeue':
        await this.schedules.setStatus(tx, row.id, 'planned', r.reason, new Date(), true);
        out.history.push(
          historyRow(row, 'retry', {
            provider,
            error: 'no record at the provider: planned again (stop conditions and throttle re-checked)',
          }),
        );
        break;
      case 'unknown':
        await this.schedules.setStatus(tx, row.id, 'unknown', r.reason, null, true);
        out.history.push(historyRow(row, 'unknown', { provider, error: r.reason }));
        this.metrics.notifications.inc({ channel, outcome: 'unknown' });
        this.logger.warn(
          { scheduleId: row.id, tenantId: row.tenant_id },
          `Message outcome unknown: ${r.reason}`,
        );
        break;
    }
  }

  /** The sent ones, their history, and their debtors' last contact, in three statements. */
  private async writeSent(tx: EntityManager, out: Settlement): Promise<void> {
    await this.schedules.markSent(
      tx,
      out.sent.map((x) => ({
        id: x.id,
        reconciled: x.reconciled,
        provider: x.sent.provider,
        providerMessageId: x.sent.providerMessageId,
      })),
    );
    await this.schedules.insertHistory(tx, out.history);
    await this.schedules.touchLastContact(tx, out.sentDebtors);
  }

  /**
   * Locks the batch's rows and tells which are still this worker's to settle: `sending` in the attempt it
   * claimed. Any other status (settled by a concurrent delivery, resolved by an operator) is left alone.
   */
  private async lock(tx: EntityManager, work: Work[]): Promise<Map<string, string>> {
    const rows = await this.schedules.lockForSettle(
      tx,
      work.map((w) => w.row.id),
    );
    const expected = new Map(work.map((w) => [w.row.id, w.attempts]));
    return new Map(
      rows.map((r) => [
        r.id,
        r.status === 'sending' && r.attempts === expected.get(r.id)
          ? OURS
          : `${r.status} (attempt ${r.attempts})`,
      ]),
    );
  }

  /**
   * The row moved on while this worker was sending: its status stands. A message that did go out is still
   * written to the history (the debtor was contacted) unless the row already says `sent`.
   */
  private settledElsewhere(w: Work, r: SendResult, status: string, out: Settlement): void {
    const { row } = w;
    this.logger.warn(
      { scheduleId: row.id, tenantId: row.tenant_id, outcome: r.kind, status },
      'Send outcome not settled: the schedule changed while it was being sent',
    );
    if (r.kind !== 'sent' || status.startsWith('sent ')) return;
    out.history.push(
      historyRow(row, 'sent', {
        provider: r.sent.provider,
        providerMessageId: r.sent.providerMessageId,
        latencyMs: r.latencyMs,
        detail: { settledAs: status },
      }),
    );
    out.sentDebtors.push([row.tenant_id, row.debtor_id]);
  }
}

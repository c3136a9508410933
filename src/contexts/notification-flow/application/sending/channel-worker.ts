import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { forEachLimited } from '../../../../shared/async/for-each-limited';
import { daysBetween, localDate } from '../../../../shared/time/local-date';
import { isMinor, type Channel, type MessageType } from '../../domain/cadence';
import { addressFor } from '../../domain/contact-address';
import { Flows } from '../flows/flows.repository';
import { NotificationMetrics } from '../notification-metrics';
import { ChannelProviders, ProviderFailure, type ChannelSender, type Sent } from '../ports/channel-providers';
import { MessageRenderer, type DebtView, type TemplateContext } from '../ports/message-renderer';
import { NotificationSettingsStore, type NotificationSettings } from '../settings/notification-settings';
import { throttleKey, Throttles } from '../throttle/throttles';

/** A channel that cannot be used now (WhatsApp instance not open) is tried again after this. */
const UNAVAILABLE_DEFER_MS = 60_000;
/** How long a WhatsApp connectionState answer is trusted. */
const STATE_CACHE_MS = 5000;

export interface SendRequest {
  tenantId: string;
  scheduleId: string;
  attempt: number;
  /** an operator replayed the dead-lettered message: a `failed`/`unknown` schedule is tried again */
  replay?: boolean;
}

/** Some messages of the batch must be tried again later (transient failures, unsettled reconciliation). */
export class RetryLaterError extends Error {
  constructor(readonly scheduleIds: string[]) {
    super(`${scheduleIds.length} message(s) to retry later`);
    this.name = 'RetryLaterError';
  }
}

interface ScheduleRow {
  id: string;
  tenant_id: string;
  debtor_id: string;
  flow_id: string;
  flow_version: number;
  step_key: string;
  channel: Channel;
  fallback_index: number;
  type: MessageType;
  anchor_date: string;
  due_at: Date;
  queued_at: Date | null;
  sending_at: Date | null;
  status: string;
  attempts: number;
  name: string;
  document: string | null;
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
  consent: boolean;
  birth_date: string | null;
  opted_out_at: Date | null;
  snoozed_until: Date | null;
  open_debts: number;
  sending_age_ms: number | null;
}

type Result =
  | { kind: 'sent'; sent: Sent; latencyMs: number; reconciled: boolean }
  | {
      kind: 'permanent' | 'transient' | 'unavailable';
      failure: ProviderFailure;
      latencyMs: number;
      provider: string;
    }
  | { kind: 'unknown'; reason: string }
  | { kind: 'retry'; reason: string }
  /** not at the provider: planned again, so the stop conditions and the throttle are checked before a re-send */
  | { kind: 'requeue'; reason: string };

interface Work {
  row: ScheduleRow;
  request: SendRequest;
  to: string;
  /** a redelivery that found the mark `sending`: ask the provider before anything */
  reconcile: boolean;
  /** reconcile without waiting NOTIFY_RECONCILE_AFTER_MS (a replay of an `unknown` schedule) */
  force?: boolean;
  /** the schedule's `attempts` once claimed: settle touches the row only while it is still this attempt */
  attempts: number;
}

/**
 * Sends due messages, exactly once:
 * 1. one transaction re-checks every schedule (still queued, debt open, not opted out/snoozed, debtor
 *    reachable), takes throttle slots and marks them `sending` — committed before any provider call;
 * 2. render and send (bounded concurrency), schedule id as the provider's custom id;
 * 3. one transaction settles each outcome: `sent` (+ history), permanent failure → next channel of the
 *    step, unavailable channel → deferred (attempt not burnt, WhatsApp paused), transient → queued again
 *    and retried through the backbone (the last attempt marks it failed).
 * A delivery that finds `sending` (the process died mid-send) never sends blindly: it asks the provider
 * (lookup by schedule id) or, when the provider cannot tell, marks it `unknown` for operators. When the
 * provider has no record, the schedule is planned again: the dispatcher re-checks the stop conditions and
 * the throttle as for any send. Settling touches only a row still `sending` in the same attempt.
 */
@Injectable()
export class ChannelWorker {
  private readonly logger = new Logger('NotificationWorker');
  private readonly stateCache = new Map<
    string,
    { value: { instance: string; open: boolean; state: string }; until: number }
  >();

  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: ChannelProviders,
    private readonly renderer: MessageRenderer,
    private readonly settingsStore: NotificationSettingsStore,
    private readonly throttles: Throttles,
    private readonly flows: Flows,
    private readonly metrics: NotificationMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sendAll(channel: Channel, requests: SendRequest[]): Promise<void> {
    const unique = [...new Map(requests.map((r) => [r.scheduleId, r])).values()];
    const tenantIds = [...new Set(unique.map((r) => r.tenantId))];
    const senders = new Map<string, ChannelSender | null>();
    const settings = new Map<string, NotificationSettings>();
    const whatsapp = new Map<string, { instance: string; open: boolean; state: string }>();
    for (const tenantId of tenantIds) {
      settings.set(tenantId, await this.settingsStore.get(tenantId));
      senders.set(tenantId, await this.providers.sender(tenantId, channel));
      if (channel === 'whatsapp') whatsapp.set(tenantId, await this.whatsappState(tenantId));
    }

    // Each tenant's local date, once per batch (Intl formatters are costly to build per message).
    const today = new Map<string, string>();
    const todayOf = (tenantId: string): string => {
      let date = today.get(tenantId);
      if (date === undefined) {
        date = localDate(new Date(), settings.get(tenantId)!.businessHours.timeZone);
        today.set(tenantId, date);
      }
      return date;
    };

    // 1. claim: committed `sending` marks before any provider call
    const work = await this.dataSource.transaction((tx) =>
      this.claim(tx, channel, unique, senders, settings, whatsapp, todayOf),
    );

    // 2. send (the open debts of every debtor of the batch read in one query)
    const debts = await this.openDebts(work);
    const results = new Map<string, Result>();
    await forEachLimited(work, this.config.NOTIFY_SEND_CONCURRENCY, async (w) => {
      results.set(
        w.row.id,
        await this.deliver(channel, w, senders.get(w.row.tenant_id)!, settings, {
          debts: debts.get(debtorKey(w.row.tenant_id, w.row.debtor_id)) ?? [],
          today: todayOf(w.row.tenant_id),
        }),
      );
    });

    // 3. settle
    const retry = await this.dataSource.transaction((tx) => this.settle(tx, channel, work, results, senders));
    if (retry.length > 0) throw new RetryLaterError(retry);
  }

  private async claim(
    tx: EntityManager,
    channel: Channel,
    requests: SendRequest[],
    senders: Map<string, ChannelSender | null>,
    settings: Map<string, NotificationSettings>,
    whatsapp: Map<string, { instance: string; open: boolean; state: string }>,
    todayOf: (tenantId: string) => string,
  ): Promise<Work[]> {
    const rows = (await tx.query(
      `SELECT s.id, s.tenant_id, s.debtor_id, s.flow_id, s.flow_version, s.step_key, s.channel, s.fallback_index, s.type,
              to_char(s.anchor_date, 'YYYY-MM-DD') AS anchor_date, s.due_at, s.queued_at, s.sending_at, s.status,
              s.attempts, d.name, d.document, d.email, d.phone, d.whatsapp, d.consent,
              to_char(d.birth_date, 'YYYY-MM-DD') AS birth_date, d.opted_out_at, d.snoozed_until,
              (SELECT count(*)::int FROM notification_flow.debts x
                WHERE x.tenant_id = s.tenant_id AND x.debtor_id = s.debtor_id AND x.status = 'open') AS open_debts,
              (extract(epoch FROM clock_timestamp() - s.sending_at) * 1000)::int AS sending_age_ms
         FROM notification_flow.schedules s
         JOIN notification_flow.debtors d ON d.tenant_id = s.tenant_id AND d.id = s.debtor_id
        WHERE s.id = ANY($1::uuid[]) AND s.tenant_id = ANY($2::uuid[])
        ORDER BY s.id
          FOR UPDATE OF s`,
      [requests.map((r) => r.scheduleId), [...new Set(requests.map((r) => r.tenantId))]],
    )) as ScheduleRow[];
    const byId = new Map(requests.map((r) => [r.scheduleId, r]));
    const now = new Date();
    const fresh: Array<{ row: ScheduleRow; request: SendRequest; to: string }> = [];
    const work: Work[] = [];
    const history: HistoryRow[] = [];
    for (const row of rows) {
      const request = byId.get(row.id)!;
      if (row.tenant_id !== request.tenantId) continue;
      if (row.status === 'sending') {
        work.push({
          row,
          request,
          to: addressFor(channel, row) ?? '',
          reconcile: true,
          attempts: row.attempts,
        });
        continue;
      }
      const replayed = request.replay === true && (row.status === 'failed' || row.status === 'unknown');
      if (replayed && row.status === 'unknown' && senders.get(row.tenant_id)?.lookup) {
        // It may have gone out: ask the provider first (re-planned, with every check, when it has no record).
        await tx.query(
          `UPDATE notification_flow.schedules SET status = 'sending', status_reason = 'replayed', updated_at = now()
            WHERE id = $1`,
          [row.id],
        );
        const to = addressFor(channel, row) ?? '';
        work.push({ row, request, to, reconcile: true, force: true, attempts: row.attempts });
        continue;
      }
      // sent, failed, cancelled, skipped, unknown: settled already (unless replayed); planned/deferred: put
      // back earlier
      if (row.status !== 'queued' && !replayed) continue;
      const stop = this.stopReason(row, todayOf(row.tenant_id), now);
      if (stop) {
        await this.setStatus(tx, row.id, stop.status, stop.reason, stop.until ?? null);
        history.push(historyRow(row, stop.status, { error: stop.reason }));
        this.metrics.notifications.inc({ channel, outcome: stop.status });
        continue;
      }
      const to = addressFor(channel, row);
      const sender = senders.get(row.tenant_id);
      if (!to || !sender) {
        // this channel cannot reach the debtor: the next channel of the step is tried
        const reason = to ? 'channel_not_configured' : 'no_address';
        this.logPermanent(
          row,
          channel,
          null,
          reason,
          to ? 'the tenant has no provider for it' : 'the debtor has no address for it',
        );
        await this.setStatus(tx, row.id, 'failed', reason, null);
        history.push(historyRow(row, 'failed', { error: reason }));
        await this.fallback(tx, row, reason);
        continue;
      }
      const wa = whatsapp.get(row.tenant_id);
      if (channel === 'whatsapp' && wa && !wa.open) {
        await this.pauseWhatsapp(tx, row.tenant_id, `instance ${wa.instance} is ${wa.state}`);
        await this.setStatus(
          tx,
          row.id,
          'deferred',
          'whatsapp_paused',
          new Date(now.getTime() + UNAVAILABLE_DEFER_MS),
        );
        this.metrics.notifications.inc({ channel, outcome: 'deferred' });
        continue;
      }
      fresh.push({ row, request, to });
    }
    if (channel === 'whatsapp') {
      for (const [tenantId, wa] of whatsapp)
        if (wa.open) await this.settingsStore.setWhatsappPause(tenantId, null, tx);
    }

    // throttle slots per key; what does not fit waits for the next free slot
    const byKey = new Map<string, typeof fresh>();
    for (const f of fresh) {
      const key = throttleKey(f.row.tenant_id, channel, whatsapp.get(f.row.tenant_id)?.instance);
      byKey.set(key, [...(byKey.get(key) ?? []), f]);
    }
    // Keys locked in one order: concurrent batches of the same channel never deadlock on two keys.
    for (const [key, list] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const tenant = settings.get(list[0]!.row.tenant_id)!;
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
        await tx.query(
          `UPDATE notification_flow.schedules SET status = 'planned', status_reason = 'throttled', due_at = $2,
                  updated_at = now()
            WHERE id = ANY($1::uuid[])`,
          [held.map((h) => h.row.id), grant.retryAt ?? new Date(Date.now() + 5000)],
        );
      }
      if (admitted.length > 0) {
        await tx.query(
          `UPDATE notification_flow.schedules
              SET status = 'sending', sending_at = clock_timestamp(), attempts = attempts + 1, recipient = t.recipient,
                  updated_at = now()
             FROM unnest($1::uuid[], $2::text[]) AS t(id, recipient)
            WHERE schedules.id = t.id`,
          [admitted.map((a) => a.row.id), admitted.map((a) => a.to)],
        );
        for (const a of admitted) work.push({ ...a, reconcile: false, attempts: a.row.attempts + 1 });
      }
    }
    await insertHistory(tx, history);
    return work;
  }

  private stopReason(
    row: ScheduleRow,
    today: string,
    now: Date,
  ): { status: 'cancelled' | 'skipped' | 'deferred'; reason: string; until?: Date } | null {
    if (row.open_debts === 0) return { status: 'cancelled', reason: 'no_open_debt' };
    if (row.opted_out_at) return { status: 'cancelled', reason: 'opted_out' };
    if (isMinor(row.birth_date, today)) return { status: 'skipped', reason: 'minor' };
    if (!row.consent) return { status: 'skipped', reason: 'no_consent' };
    if (row.snoozed_until && row.snoozed_until > now)
      return { status: 'deferred', reason: 'snoozed', until: row.snoozed_until };
    return null;
  }

  private async deliver(
    channel: Channel,
    w: Work,
    sender: ChannelSender | null,
    settings: Map<string, NotificationSettings>,
    read: { debts: DebtRow[]; today: string },
  ): Promise<Result> {
    if (!sender) return { kind: 'unknown', reason: 'no provider configured to reconcile with' };
    if (w.reconcile) {
      if (!sender.lookup)
        return { kind: 'unknown', reason: `${sender.provider} cannot be asked whether it was sent` };
      try {
        const found = await sender.lookup(w.row.tenant_id, w.row.id);
        if (found) return { kind: 'sent', sent: found, latencyMs: 0, reconciled: true };
      } catch (error) {
        return { kind: 'retry', reason: `lookup failed: ${describe(error)}` };
      }
      if (!w.force && (w.row.sending_age_ms ?? 0) < this.config.NOTIFY_RECONCILE_AFTER_MS)
        return { kind: 'retry', reason: 'not found at the provider yet' };
      return { kind: 'requeue', reason: 'not_at_provider' };
    }
    const tenant = settings.get(w.row.tenant_id)!;
    const started = Date.now();
    const lagFrom = Math.max(w.row.due_at.getTime(), w.row.queued_at?.getTime() ?? 0);
    this.metrics.queueLag.observe({ channel }, Math.max(0, started - lagFrom) / 1000);
    try {
      const context = await this.context(w.row, tenant, read.debts, read.today);
      const rendered = await this.renderer.render(w.row.tenant_id, {
        type: w.row.type,
        channel,
        scheduleId: w.row.id,
        context,
      });
      const sent = await sender.send({
        tenantId: w.row.tenant_id,
        scheduleId: w.row.id,
        channel,
        to: w.to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
      });
      const latencyMs = Date.now() - started;
      this.metrics.sendDuration.observe({ channel, provider: sender.provider }, latencyMs / 1000);
      return { kind: 'sent', sent, latencyMs, reconciled: false };
    } catch (error) {
      const latencyMs = Date.now() - started;
      const failure =
        error instanceof ProviderFailure
          ? error
          : new ProviderFailure('transient', 'INTERNAL', describe(error), sender.provider, false);
      this.metrics.providerErrors.inc({ channel, provider: sender.provider, kind: failure.kind });
      return { kind: failure.kind, failure, latencyMs, provider: sender.provider };
    }
  }

  private async settle(
    tx: EntityManager,
    channel: Channel,
    work: Work[],
    results: Map<string, Result>,
    senders: Map<string, ChannelSender | null>,
  ): Promise<string[]> {
    const retry: string[] = [];
    const history: HistoryRow[] = [];
    const sentDebtors: Array<[string, string]> = [];
    const sent: Array<{ id: string; reconciled: boolean; sent: Sent }> = [];
    const current = await this.lockForSettle(tx, work);
    const ours = work.filter((w) => current.get(w.row.id) === OURS);
    await this.throttles.settle(
      tx,
      ours.map((w) => w.row.id),
    );
    for (const w of work) {
      const r = results.get(w.row.id)!;
      const { row } = w;
      if (current.get(row.id) !== OURS) {
        this.settledElsewhere(w, r, current.get(row.id) ?? 'missing', history, sentDebtors);
        continue;
      }
      // the backbone dead-letters after MESSAGING_MAX_ATTEMPTS deliveries: the last one settles for good
      const last = w.request.attempt >= this.config.MESSAGING_MAX_ATTEMPTS;
      const provider = senders.get(row.tenant_id)?.provider ?? null;
      switch (r.kind) {
        case 'sent':
          sent.push({ id: row.id, reconciled: r.reconciled, sent: r.sent });
          history.push(
            historyRow(row, 'sent', {
              provider: r.sent.provider,
              providerMessageId: r.sent.providerMessageId,
              latencyMs: r.latencyMs,
              detail: r.reconciled ? { reconciled: true } : {},
            }),
          );
          sentDebtors.push([row.tenant_id, row.debtor_id]);
          this.metrics.notifications.inc({ channel, outcome: 'sent' });
          break;
        case 'permanent':
          this.logPermanent(row, channel, r.provider, r.failure.code, r.failure.message);
          await this.setStatus(tx, row.id, 'failed', r.failure.code, null, true);
          history.push(
            historyRow(row, 'failed', {
              provider: r.provider,
              error: `${r.failure.code}: ${r.failure.message}`,
              latencyMs: r.latencyMs,
            }),
          );
          this.metrics.notifications.inc({ channel, outcome: 'failed' });
          await this.fallback(tx, row, r.failure.code);
          break;
        case 'unavailable':
          // the channel, not the message: do not burn the attempt
          await tx.query(
            `UPDATE notification_flow.schedules
                SET status = 'deferred', status_reason = $2, due_at = $3, attempts = greatest(attempts - 1, 0), updated_at = now()
              WHERE id = $1 AND status = 'sending'`,
            [row.id, r.failure.code, new Date(Date.now() + UNAVAILABLE_DEFER_MS)],
          );
          if (channel === 'whatsapp') await this.pauseWhatsapp(tx, row.tenant_id, r.failure.message);
          history.push(
            historyRow(row, 'deferred', {
              provider: r.provider,
              error: `${r.failure.code}: ${r.failure.message}`,
            }),
          );
          this.metrics.notifications.inc({ channel, outcome: 'deferred' });
          break;
        case 'transient':
          if (last) {
            await this.setStatus(
              tx,
              row.id,
              r.failure.maybeSent ? 'unknown' : 'failed',
              r.failure.code,
              null,
              true,
            );
            history.push(
              historyRow(row, r.failure.maybeSent ? 'unknown' : 'failed', {
                provider: r.provider,
                error: `${r.failure.code}: ${r.failure.message} (attempt ${w.request.attempt}, giving up)`,
                latencyMs: r.latencyMs,
              }),
            );
            this.metrics.notifications.inc({ channel, outcome: r.failure.maybeSent ? 'unknown' : 'failed' });
          } else {
            // Not sent for sure → back to queued; maybe sent → stays `sending`, the retry reconciles.
            if (!r.failure.maybeSent) await this.setStatus(tx, row.id, 'queued', r.failure.code, null, true);
            history.push(
              historyRow(row, 'retry', {
                provider: r.provider,
                error: `${r.failure.code}: ${r.failure.message}`,
                latencyMs: r.latencyMs,
              }),
            );
          }
          retry.push(row.id);
          break;
        case 'retry':
          if (last) {
            await this.setStatus(tx, row.id, 'unknown', r.reason, null, true);
            history.push(historyRow(row, 'unknown', { provider, error: r.reason }));
            this.metrics.notifications.inc({ channel, outcome: 'unknown' });
          }
          retry.push(row.id);
          break;
        case 'requeue':
          await this.setStatus(tx, row.id, 'planned', r.reason, new Date(), true);
          history.push(
            historyRow(row, 'retry', {
              provider,
              error: 'no record at the provider: planned again (stop conditions and throttle re-checked)',
            }),
          );
          break;
        case 'unknown':
          await this.setStatus(tx, row.id, 'unknown', r.reason, null, true);
          history.push(historyRow(row, 'unknown', { provider, error: r.reason }));
          this.metrics.notifications.inc({ channel, outcome: 'unknown' });
          this.logger.warn(
            { scheduleId: row.id, tenantId: row.tenant_id },
            `Message outcome unknown: ${r.reason}`,
          );
          break;
      }
    }
    if (sent.length > 0) {
      await tx.query(
        `UPDATE notification_flow.schedules s
            SET status = 'sent', status_reason = t.reason, provider = t.provider, provider_message_id = t.message_id,
                sent_at = clock_timestamp(), updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(id, reason, provider, message_id)
          WHERE s.id = t.id AND s.status = 'sending'`,
        [
          sent.map((x) => x.id),
          sent.map((x) => (x.reconciled ? 'reconciled' : null)),
          sent.map((x) => x.sent.provider),
          sent.map((x) => x.sent.providerMessageId),
        ],
      );
    }
    await insertHistory(tx, history);
    if (sentDebtors.length > 0) {
      await tx.query(
        `UPDATE notification_flow.debtors d SET last_contact_at = clock_timestamp()
           FROM unnest($1::uuid[], $2::text[]) AS t(tenant_id, id)
          WHERE d.tenant_id = t.tenant_id AND d.id = t.id`,
        [sentDebtors.map(([t]) => t), sentDebtors.map(([, d]) => d)],
      );
    }
    // only the ones whose last attempt is not spent yet are retried; the others are dead-lettered too
    return retry;
  }

  /**
   * Locks the batch's rows and tells which are still this worker's to settle: `sending` in the attempt it
   * claimed. Any other status (settled by a concurrent delivery, resolved by an operator) is left alone.
   */
  private async lockForSettle(tx: EntityManager, work: Work[]): Promise<Map<string, string>> {
    const rows = (await tx.query(
      `SELECT s.id, s.status, s.attempts FROM notification_flow.schedules s
        WHERE s.id = ANY($1::uuid[]) ORDER BY s.id FOR UPDATE`,
      [work.map((w) => w.row.id)],
    )) as Array<{ id: string; status: string; attempts: number }>;
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
  private settledElsewhere(
    w: Work,
    r: Result,
    status: string,
    history: HistoryRow[],
    sentDebtors: Array<[string, string]>,
  ): void {
    const { row } = w;
    this.logger.warn(
      { scheduleId: row.id, tenantId: row.tenant_id, outcome: r.kind, status },
      'Send outcome not settled: the schedule changed while it was being sent',
    );
    if (r.kind !== 'sent' || status.startsWith('sent ')) return;
    history.push(
      historyRow(row, 'sent', {
        provider: r.sent.provider,
        providerMessageId: r.sent.providerMessageId,
        latencyMs: r.latencyMs,
        detail: { settledAs: status },
      }),
    );
    sentDebtors.push([row.tenant_id, row.debtor_id]);
  }

  /** Every permanent failure of a channel, once, with its reason (the schedule moves on to a fallback). */
  private logPermanent(
    row: ScheduleRow,
    channel: Channel,
    provider: string | null,
    code: string,
    reason: string,
  ): void {
    // Providers quote the recipient's number; logs keep only its first digits.
    const masked = reason.replace(/\d{8,}/g, (digits) => `${digits.slice(0, 4)}…`);
    this.logger.warn(
      { scheduleId: row.id, tenantId: row.tenant_id, channel, provider, code },
      `Permanent ${channel} failure (${code}): ${masked}`,
    );
  }

  /** Next channel of the step the debtor can be reached on: a new schedule, due now. */
  private async fallback(tx: EntityManager, row: ScheduleRow, reason: string): Promise<void> {
    const step = await this.flows.step(row.flow_id, row.flow_version, row.step_key, tx);
    const channels = step?.channels ?? [];
    const from = channels.indexOf(row.channel);
    const next = channels.slice(from + 1).find((c) => addressFor(c, row) !== null);
    if (!next) {
      this.metrics.notifications.inc({ channel: row.channel, outcome: 'failed' });
      return;
    }
    const [inserted] = (await tx.query(
      `INSERT INTO notification_flow.schedules
         (id, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index, channel, fallback_index, type, all_day,
          anchor_date, planned_at, due_at, status, status_reason)
       SELECT $2, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index, $3, fallback_index + 1, type, all_day,
              anchor_date, planned_at, now(), 'planned', $4
         FROM notification_flow.schedules WHERE id = $1
       ON CONFLICT DO NOTHING RETURNING id`,
      [row.id, randomUUID(), next, `fallback from ${row.channel}: ${reason}`],
    )) as Array<{ id: string }>;
    if (inserted) this.metrics.fallbacks.inc({ from: row.channel, to: next });
  }

  /** The instance's connectionState, asked at most every few seconds per tenant. */
  private async whatsappState(tenantId: string): Promise<{ instance: string; open: boolean; state: string }> {
    const cached = this.stateCache.get(tenantId);
    if (cached && cached.until > Date.now()) return cached.value;
    const s = await this.providers.whatsappState(tenantId);
    const value = { instance: s.instance, open: s.state === 'open', state: s.state };
    this.stateCache.set(tenantId, { value, until: Date.now() + STATE_CACHE_MS });
    return value;
  }

  private async pauseWhatsapp(tx: EntityManager, tenantId: string, reason: string): Promise<void> {
    const before = await this.settingsStore.whatsappPause(tenantId, tx);
    await this.settingsStore.setWhatsappPause(tenantId, reason, tx);
    if (!before) {
      this.metrics.channelPaused.inc({ channel: 'whatsapp' });
      this.logger.error(
        { tenantId, reason },
        'WhatsApp paused for the tenant: messages are deferred, not sent',
      );
    }
  }

  private async setStatus(
    tx: EntityManager,
    id: string,
    status: string,
    reason: string | null,
    dueAt: Date | null,
    /** settling a send: only a row still `sending` (locked and checked by {@link lockForSettle}) */
    settling = false,
  ) {
    await tx.query(
      `UPDATE notification_flow.schedules SET status = $2, status_reason = $3, due_at = COALESCE($4, due_at), updated_at = now()
        WHERE id = $1 AND ($5::boolean IS FALSE OR status = 'sending')`,
      [id, status, reason, dueAt, settling],
    );
  }

  /** The open debts of every debtor of the batch, oldest first, by {@link debtorKey}. */
  private async openDebts(work: Work[]): Promise<Map<string, DebtRow[]>> {
    const byDebtor = new Map<string, DebtRow[]>();
    if (work.length === 0) return byDebtor;
    const rows = (await this.dataSource.query(
      `SELECT x.tenant_id, x.debtor_id, x.id, x.description, to_char(x.due_date, 'YYYY-MM-DD') AS due_date,
              x.amount_cents::int8 AS amount_cents, x.open_cents::int8 AS open_cents, x.contract_id
         FROM (SELECT DISTINCT * FROM unnest($1::uuid[], $2::text[])) AS d(tenant_id, debtor_id)
         JOIN notification_flow.debts x ON x.tenant_id = d.tenant_id AND x.debtor_id = d.debtor_id
        WHERE x.status = 'open'
        ORDER BY x.due_date, x.id`,
      [work.map((w) => w.row.tenant_id), work.map((w) => w.row.debtor_id)],
    )) as Array<DebtRow & { tenant_id: string; debtor_id: string }>;
    for (const { tenant_id, debtor_id, ...debt } of rows) {
      const key = debtorKey(tenant_id, debtor_id);
      const list = byDebtor.get(key);
      if (list) list.push(debt);
      else byDebtor.set(key, [debt]);
    }
    return byDebtor;
  }

  /** What the template sees: the debtor and all their open debts (one message lists every debt). */
  private async context(
    row: ScheduleRow,
    tenant: NotificationSettings,
    debts: DebtRow[],
    today: string,
  ): Promise<TemplateContext> {
    const views: DebtView[] = debts.map((d) => ({
      id: d.id,
      description: d.description,
      dueDate: d.due_date,
      amountCents: Number(d.amount_cents),
      openCents: Number(d.open_cents),
      daysOverdue: daysBetween(d.due_date, today),
      contractId: d.contract_id,
    }));
    const oldest = views[0]?.dueDate ?? row.anchor_date;
    const step = await this.flows.step(row.flow_id, row.flow_version, row.step_key);
    return {
      debtor: {
        name: row.name,
        firstName: row.name.trim().split(/\s+/)[0] ?? row.name,
        document: row.document,
      },
      company: { name: tenant.companyName ?? 'Régua' },
      debts: views,
      totalOpenCents: views.reduce((sum, d) => sum + d.openCents, 0),
      oldestDueDate: oldest,
      daysOverdue: daysBetween(oldest, today),
      step: { key: row.step_key, offsetDays: step?.offsetDays ?? 0 },
    };
  }
}

interface DebtRow {
  id: string;
  description: string;
  due_date: string;
  amount_cents: string;
  open_cents: string;
  contract_id: string | null;
}

const debtorKey = (tenantId: string, debtorId: string) => `${tenantId}\u0000${debtorId}`;

/** {@link ChannelWorker.lockForSettle}: the row is still this worker's to settle. */
const OURS = 'ours';

interface HistoryRow {
  tenantId: string;
  scheduleId: string;
  debtorId: string;
  attempt: number;
  channel: string;
  event: string;
  provider: string | null;
  providerMessageId: string | null;
  error: string | null;
  latencyMs: number | null;
  detail: Record<string, unknown>;
}

function historyRow(
  row: ScheduleRow,
  event: string,
  extra: {
    provider?: string | null;
    providerMessageId?: string | null;
    error?: string | null;
    latencyMs?: number;
    detail?: Record<string, unknown>;
  } = {},
): HistoryRow {
  return {
    tenantId: row.tenant_id,
    scheduleId: row.id,
    debtorId: row.debtor_id,
    attempt:
      row.attempts +
      (event === 'sent' || event === 'failed' || event === 'retry' || event === 'unknown' ? 1 : 0),
    channel: row.channel,
    event,
    provider: extra.provider ?? null,
    providerMessageId: extra.providerMessageId ?? null,
    error: extra.error?.slice(0, 2000) ?? null,
    latencyMs: extra.latencyMs ?? null,
    detail: extra.detail ?? {},
  };
}

async function insertHistory(tx: EntityManager, rows: HistoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof HistoryRow>(k: K) => rows.map((r) => r[k]);
  await tx.query(
    `INSERT INTO notification_flow.contact_history
       (tenant_id, schedule_id, debtor_id, attempt, channel, event, provider, provider_message_id, error, latency_ms, detail)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[],
                          $9::text[], $10::int[], $11::jsonb[])`,
    [
      col('tenantId'),
      col('scheduleId'),
      col('debtorId'),
      col('attempt'),
      col('channel'),
      col('event'),
      col('provider'),
      col('providerMessageId'),
      col('error'),
      col('latencyMs'),
      rows.map((r) => JSON.stringify(r.detail)),
    ],
  );
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

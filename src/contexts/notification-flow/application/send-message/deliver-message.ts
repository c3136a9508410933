import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { NotificationMetrics } from '../notification-metrics';
import { ProviderFailure, type ChannelSender } from '../ports/channel-providers';
import { MessageRenderer } from '../ports/message-renderer';
import { reconcileSend } from './reconcile-send';
import { describeError, type DebtRow, type SendingBatch, type SendResult, type Work } from './sending-batch';
import type { Channel } from '../../domain/cadence';
import type { BillingMessageRow } from '../ports/billing-campaigns.repository';
import type { NotificationSettings } from '../settings/notification-settings';
import { BillingMessages } from './billing-message';
import { TemplateContexts } from './template-context';

/**
 * Step 2 of a send, outside any transaction: renders and sends one claimed message (the schedule id as
 * the provider's custom id), or reconciles one found `sending`. Never throws: every outcome is a result.
 */
@Injectable()
export class DeliverMessage {
  constructor(
    private readonly renderer: MessageRenderer,
    private readonly contexts: TemplateContexts,
    private readonly billing: BillingMessages,
    private readonly metrics: NotificationMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deliver(
    batch: SendingBatch,
    w: Work,
    sender: ChannelSender | null,
    read: { debts: DebtRow[]; today: string; billing?: BillingMessageRow },
  ): Promise<SendResult> {
    const { channel } = batch;
    if (!sender) return { kind: 'unknown', reason: 'no provider configured to reconcile with' };
    if (w.reconcile) return reconcileSend(w, sender, this.config.NOTIFY_RECONCILE_AFTER_MS);
    const tenant = batch.settings.get(w.row.tenant_id)!;
    const started = Date.now();
    const lagFrom = Math.max(w.row.due_at.getTime(), w.row.queued_at?.getTime() ?? 0);
    this.metrics.queueLag.observe({ channel }, Math.max(0, started - lagFrom) / 1000);
    try {
      const rendered = await this.content(w, channel, tenant, read);
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
          : new ProviderFailure('transient', 'INTERNAL', describeError(error), sender.provider, false);
      this.metrics.providerErrors.inc({ channel, provider: sender.provider, kind: failure.kind });
      return { kind: failure.kind, failure, latencyMs, provider: sender.provider };
    }
  }

  /** A billing campaign's contact: its own text; a cadence message: the tenant's template of the step. */
  private async content(
    w: Work,
    channel: Channel,
    tenant: NotificationSettings,
    read: { debts: DebtRow[]; today: string; billing?: BillingMessageRow },
  ): Promise<{ subject?: string; text: string; html?: string }> {
    if (w.row.campaign_id) {
      if (!read.billing) throw new Error(`billing contact ${w.row.contact_id ?? '?'} not found`);
      return { text: this.billing.render(read.billing, tenant, read.today) };
    }
    const context = await this.contexts.of(w.row, tenant, read.debts, read.today);
    return this.renderer.render(w.row.tenant_id, {
      type: w.row.type,
      channel,
      scheduleId: w.row.id,
      context,
      wording: this.contexts.wordingOf(w.row, read.debts),
    });
  }
}

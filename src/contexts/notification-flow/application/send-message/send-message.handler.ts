import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { forEachLimited } from '../../../../shared/async/for-each-limited';
import { localDate } from '../../../../shared/time/local-date';
import type { Channel } from '../../domain/cadence';
import { ChannelProviders, type ChannelSender } from '../ports/channel-providers';
import { NotificationSettingsStore, type NotificationSettings } from '../settings/notification-settings';
import { BillingMessages } from './billing-message';
import { ClaimBatch } from './claim-batch';
import { DeliverMessage } from './deliver-message';
import { RetryLaterError, SendMessageCommand, type SendRequest } from './send-message.command';
import { debtorKey, type SendingBatch, type SendResult, type WhatsappState } from './sending-batch';
import { SettleBatch } from './settle-batch';
import { TemplateContexts } from './template-context';

/** How long a WhatsApp connectionState answer is trusted. */
const STATE_CACHE_MS = 5000;

/**
 * Sends due messages, exactly once: claim (one transaction, committed `sending` marks before any
 * provider call) → send (bounded concurrency) → settle (one transaction). A delivery that finds
 * `sending` (the process died mid-send) never sends blindly: it reconciles with the provider. When the
 * provider has no record, the schedule is planned again: the dispatcher re-checks the stop conditions and
 * the throttle as for any send.
 */
@CommandHandler(SendMessageCommand)
export class SendMessageHandler implements ICommandHandler<SendMessageCommand, void> {
  private readonly stateCache = new Map<string, { value: WhatsappState; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: ChannelProviders,
    private readonly settingsStore: NotificationSettingsStore,
    private readonly claims: ClaimBatch,
    private readonly delivery: DeliverMessage,
    private readonly contexts: TemplateContexts,
    private readonly billingMessages: BillingMessages,
    private readonly settlement: SettleBatch,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ channel, requests }: SendMessageCommand): Promise<void> {
    const unique = [...new Map(requests.map((r) => [r.scheduleId, r])).values()];
    const batch = await this.read(channel, unique);

    // 1. claim: committed `sending` marks before any provider call
    const work = await this.dataSource.transaction((tx) => this.claims.claim(tx, batch, unique));

    // 2. send (the open debts of every debtor of the batch read in one query)
    const debts = await this.contexts.openDebts(work);
    const billing = await this.billingMessages.of(work);
    const results = new Map<string, SendResult>();
    await forEachLimited(work, this.config.NOTIFY_SEND_CONCURRENCY, async (w) => {
      results.set(
        w.row.id,
        await this.delivery.deliver(batch, w, batch.senders.get(w.row.tenant_id)!, {
          debts: debts.get(debtorKey(w.row.tenant_id, w.row.debtor_id)) ?? [],
          today: batch.todayOf(w.row.tenant_id),
          billing: w.row.contact_id ? billing.get(w.row.contact_id) : undefined,
        }),
      );
    });

    // 3. settle
    const retry = await this.dataSource.transaction((tx) => this.settlement.settle(tx, batch, work, results));
    if (retry.length > 0) throw new RetryLaterError(retry);
  }

  /** Each tenant's settings, sender and (WhatsApp) instance state, once per batch. */
  private async read(channel: Channel, requests: SendRequest[]): Promise<SendingBatch> {
    const senders = new Map<string, ChannelSender | null>();
    const settings = new Map<string, NotificationSettings>();
    const whatsapp = new Map<string, WhatsappState>();
    for (const tenantId of new Set(requests.map((r) => r.tenantId))) {
      settings.set(tenantId, await this.settingsStore.get(tenantId));
      senders.set(tenantId, await this.providers.sender(tenantId, channel));
      if (channel === 'whatsapp') whatsapp.set(tenantId, await this.whatsappState(tenantId));
    }
    const today = new Map<string, string>();
    const todayOf = (tenantId: string): string => {
      let date = today.get(tenantId);
      if (date === undefined) {
        date = localDate(new Date(), settings.get(tenantId)!.businessHours.timeZone);
        today.set(tenantId, date);
      }
      return date;
    };
    return { channel, senders, settings, whatsapp, todayOf };
  }

  /** The instance's connectionState, asked at most every few seconds per tenant. */
  private async whatsappState(tenantId: string): Promise<WhatsappState> {
    const cached = this.stateCache.get(tenantId);
    if (cached && cached.until > Date.now()) return cached.value;
    const s = await this.providers.whatsappState(tenantId);
    const value = { instance: s.instance, open: s.state === 'open', state: s.state };
    this.stateCache.set(tenantId, { value, until: Date.now() + STATE_CACHE_MS });
    return value;
  }
}

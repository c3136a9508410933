import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Channel } from '../../domain/cadence';
import { addressFor } from '../../domain/contact-address';
import { Flows } from '../flows/flows.repository';
import { NotificationMetrics } from '../notification-metrics';
import { SendingSchedules } from '../ports/sending-schedules.repository';
import type { ScheduleRow } from './sending-batch';

/** A billing campaign's contacts go by WhatsApp, then SMS (the phone number is the same). */
const BILLING_CHANNELS: readonly Channel[] = ['whatsapp', 'sms'];

/** After a permanent failure of a channel: the next channel of the step the debtor can be reached on. */
@Injectable()
export class ChannelFallback {
  constructor(
    private readonly schedules: SendingSchedules,
    private readonly flows: Flows,
    private readonly metrics: NotificationMetrics,
  ) {}

  /** A new schedule on the next reachable channel, due now; none left counts the message as failed. */
  async plan(tx: EntityManager, row: ScheduleRow, reason: string): Promise<void> {
    const step =
      row.flow_id === null || row.flow_version === null
        ? undefined
        : await this.flows.step(row.flow_id, row.flow_version, row.step_key, tx);
    const channels = row.campaign_id ? BILLING_CHANNELS : (step?.channels ?? []);
    const from = channels.indexOf(row.channel);
    const next = channels.slice(from + 1).find((c) => addressFor(c, row) !== null);
    if (!next) {
      this.metrics.notifications.inc({ channel: row.channel, outcome: 'failed' });
      return;
    }
    const inserted = await this.schedules.planFallback(
      tx,
      row.id,
      next,
      `fallback from ${row.channel}: ${reason}`,
    );
    if (inserted) this.metrics.fallbacks.inc({ from: row.channel, to: next });
  }
}

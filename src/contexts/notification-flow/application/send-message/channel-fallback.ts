import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { addressFor } from '../../domain/contact-address';
import { Flows } from '../flows/flows.repository';
import { NotificationMetrics } from '../notification-metrics';
import type { ScheduleRow } from './sending-batch';

/** After a permanent failure of a channel: the next channel of the step the debtor can be reached on. */
@Injectable()
export class ChannelFallback {
  constructor(
    private readonly flows: Flows,
    private readonly metrics: NotificationMetrics,
  ) {}

  /** A new schedule on the next reachable channel, due now; none left counts the message as failed. */
  async plan(tx: EntityManager, row: ScheduleRow, reason: string): Promise<void> {
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
}

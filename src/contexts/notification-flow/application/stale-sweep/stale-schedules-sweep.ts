import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { Outbox } from '../../../../platform/messaging/outbox';
import { MessageDueEvent } from '../../contracts/notification-events';
import type { Channel } from '../../domain/cadence';

/** Schedules moved per status and pass at most (the next pass goes on). */
const SWEEP_BATCH = 1000;

interface StaleRow {
  id: string;
  tenant_id: string;
  debtor_id: string;
  channel: Channel;
  due_at: Date;
}

export interface SweepResult {
  /** `queued` whose message never arrived: planned again, the dispatcher queues them anew */
  requeued: number;
  /** `sending` whose worker died: a new message makes a worker reconcile them with the provider */
  reconciled: number;
}

/**
 * Schedules stuck in `queued` (the message was lost) or `sending` (the worker died and no redelivery
 * came) for NOTIFY_STALE_AFTER_MS are put back on a path that makes progress. A stale `queued` one goes
 * back to `planned`, so the dispatcher re-checks everything and queues it within the throttle; a stale
 * `sending` one may have gone out, so it is never re-planned blindly: a fresh message sends it to its
 * channel worker, which asks the provider first. Safe with several schedulers (`SKIP LOCKED`, and a
 * swept row is fresh again).
 */
@Injectable()
export class StaleSchedulesSweep {
  private readonly logger = new Logger('NotificationSweep');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sweep(): Promise<SweepResult> {
    const result = await this.dataSource.transaction(async (tx) => ({
      requeued: (await this.requeue(tx)).length,
      reconciled: (await this.reconcile(tx)).length,
    }));
    if (result.requeued + result.reconciled > 0)
      this.logger.warn(
        { ...result, staleAfterMs: this.config.NOTIFY_STALE_AFTER_MS },
        'Stale schedules swept back into progress',
      );
    return result;
  }

  private async requeue(tx: EntityManager): Promise<StaleRow[]> {
    const [rows] = (await tx.query(
      `UPDATE notification_flow.schedules s SET status = 'planned', status_reason = 'stale_queued', updated_at = now()
        WHERE s.id IN (SELECT id FROM notification_flow.schedules
                        WHERE status = 'queued' AND updated_at < now() - $1::int * interval '1 millisecond'
                        ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING s.id, s.tenant_id, s.debtor_id, s.channel, s.due_at`,
      [this.config.NOTIFY_STALE_AFTER_MS, SWEEP_BATCH],
    )) as [StaleRow[], number];
    await this.history(tx, rows, 'stale in queued: planned again');
    return rows;
  }

  private async reconcile(tx: EntityManager): Promise<StaleRow[]> {
    const [rows] = (await tx.query(
      `UPDATE notification_flow.schedules s SET status_reason = 'stale_sending', updated_at = now()
        WHERE s.id IN (SELECT id FROM notification_flow.schedules
                        WHERE status = 'sending' AND updated_at < now() - $1::int * interval '1 millisecond'
                        ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING s.id, s.tenant_id, s.debtor_id, s.channel, s.due_at`,
      [this.config.NOTIFY_STALE_AFTER_MS, SWEEP_BATCH],
    )) as [StaleRow[], number];
    if (rows.length > 0)
      await this.outbox.publish(
        tx,
        rows.map(
          (r) =>
            new MessageDueEvent(r.tenant_id, {
              scheduleId: r.id,
              channel: r.channel,
              debtorId: r.debtor_id,
              dueAt: r.due_at.toISOString(),
            }),
        ),
      );
    await this.history(tx, rows, 'stale in sending: sent to the worker again to reconcile with the provider');
    return rows;
  }

  private async history(tx: EntityManager, rows: StaleRow[], error: string): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO notification_flow.contact_history (tenant_id, schedule_id, debtor_id, channel, event, error, detail)
       SELECT t, s, d, c, 'retry', $5, '{"swept": true}'::jsonb
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS u(t, s, d, c)`,
      [
        rows.map((r) => r.tenant_id),
        rows.map((r) => r.id),
        rows.map((r) => r.debtor_id),
        rows.map((r) => r.channel),
        error,
      ],
    );
  }
}

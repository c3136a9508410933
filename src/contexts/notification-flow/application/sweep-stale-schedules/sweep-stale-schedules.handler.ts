import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { Outbox } from '../../../../platform/messaging/outbox';
import { MessageDueEvent } from '../../contracts/notification-events';
import { StaleSchedules } from '../ports/stale-schedules.repository';
import { SweepStaleSchedulesCommand, type SweepResult } from './sweep-stale-schedules.command';

/** Schedules moved per status and pass at most (the next pass goes on). */
const SWEEP_BATCH = 1000;

@CommandHandler(SweepStaleSchedulesCommand)
export class SweepStaleSchedulesHandler implements ICommandHandler<SweepStaleSchedulesCommand, SweepResult> {
  private readonly logger = new Logger('NotificationSweep');

  constructor(
    private readonly dataSource: DataSource,
    private readonly stale: StaleSchedules,
    private readonly outbox: Outbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(): Promise<SweepResult> {
    const staleAfterMs = this.config.NOTIFY_STALE_AFTER_MS;
    const result = await this.dataSource.transaction(async (tx) => {
      const requeued = await this.stale.requeueQueued(tx, staleAfterMs, SWEEP_BATCH);
      await this.stale.recordRetry(tx, requeued, 'stale in queued: planned again');
      const reconcile = await this.stale.markSending(tx, staleAfterMs, SWEEP_BATCH);
      if (reconcile.length > 0)
        await this.outbox.publish(
          tx,
          reconcile.map(
            (r) =>
              new MessageDueEvent(r.tenant_id, {
                scheduleId: r.id,
                channel: r.channel,
                debtorId: r.debtor_id,
                dueAt: r.due_at.toISOString(),
              }),
          ),
        );
      await this.stale.recordRetry(
        tx,
        reconcile,
        'stale in sending: sent to the worker again to reconcile with the provider',
      );
      return { requeued: requeued.length, reconciled: reconcile.length };
    });
    if (result.requeued + result.reconciled > 0)
      this.logger.warn({ ...result, staleAfterMs }, 'Stale schedules swept back into progress');
    return result;
  }
}

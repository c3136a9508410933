import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { RepeatingTask } from '../../../../shared/async/repeating-task';
import { StaleSchedulesSweep } from '../../application/stale-sweep/stale-schedules-sweep';

/** Runs the stale-schedule sweep every NOTIFY_STALE_SWEEP_INTERVAL_MS (scheduler role). */
@Injectable()
export class StaleSchedulesLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationSweep');
  private readonly task: RepeatingTask;

  constructor(sweep: StaleSchedulesSweep, @Inject(APP_CONFIG) config: AppConfig) {
    this.task = new RepeatingTask(
      () => sweep.sweep(),
      config.NOTIFY_STALE_SWEEP_INTERVAL_MS,
      (error) => this.logger.error({ err: error }, 'Stale-schedule sweep failed; trying again'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}

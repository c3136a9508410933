import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { StaleSchedulesSweep } from '../../application/stale-sweep/stale-schedules-sweep';

/** Runs the stale-schedule sweep every NOTIFY_STALE_SWEEP_INTERVAL_MS (scheduler role). */
@Injectable()
export class StaleSchedulesLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationSweep');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly sweep: StaleSchedulesSweep,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep
        .sweep()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.error({ err: error }, 'Stale-schedule sweep failed; trying again'),
        )
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.config.NOTIFY_STALE_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

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
import { CommandBus } from '@nestjs/cqrs';
import { SweepStaleSchedulesCommand } from '../../application/sweep-stale-schedules/sweep-stale-schedules.command';

/** Dispatches `SweepStaleSchedulesCommand` every NOTIFY_STALE_SWEEP_INTERVAL_MS (scheduler role). */
@Injectable()
export class StaleSchedulesLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationSweep');
  private readonly task: RepeatingTask;

  constructor(commands: CommandBus, @Inject(APP_CONFIG) config: AppConfig) {
    this.task = new RepeatingTask(
      () => commands.execute(new SweepStaleSchedulesCommand()),
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

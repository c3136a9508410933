import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { RepeatingTask } from '../../../../shared/async/repeating-task';
import { DispatchDueSchedulesCommand } from '../../application/dispatch-due-schedules/dispatch-due-schedules.command';

/**
 * Dispatches a DispatchDueSchedulesCommand every NOTIFY_DISPATCH_INTERVAL_MS (scheduler role). Several schedulers may
 * run it at once: claims are `FOR UPDATE SKIP LOCKED`, so no schedule is taken twice.
 */
@Injectable()
export class DispatchLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationDispatch');
  private readonly task: RepeatingTask;

  constructor(commandBus: CommandBus, @Inject(APP_CONFIG) config: AppConfig) {
    this.task = new RepeatingTask(
      () => commandBus.execute(new DispatchDueSchedulesCommand()),
      config.NOTIFY_DISPATCH_INTERVAL_MS,
      (error) => this.logger.error({ err: error }, 'Dispatch pass failed; trying again'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}

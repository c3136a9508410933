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
import { DispatchDueSchedulesCommand } from '../../application/dispatch-due-schedules/dispatch-due-schedules.command';

/**
 * Dispatches a DispatchDueSchedulesCommand every NOTIFY_DISPATCH_INTERVAL_MS (scheduler role). Several schedulers may run it
 * at once: claims are `FOR UPDATE SKIP LOCKED`, so no schedule is taken twice.
 */
@Injectable()
export class DispatchLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationDispatch');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(this.config.NOTIFY_DISPATCH_INTERVAL_MS);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.commandBus
        .execute(new DispatchDueSchedulesCommand())
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ err: error }, 'Dispatch pass failed; trying again'))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.config.NOTIFY_DISPATCH_INTERVAL_MS);
        });
    }, delayMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

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
import { ProbePausedChannelsCommand } from '../../application/probe-paused-channels/probe-paused-channels.command';

/**
 * Probes paused channels every NOTIFY_PAUSE_PROBE_INTERVAL_MS (scheduler role), so a WhatsApp pause
 * ends by itself once the instance is `open` again. Several schedulers may probe at once: resuming
 * twice changes nothing.
 */
@Injectable()
export class PausedChannelsProbeLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationFlow');
  private readonly task: RepeatingTask;

  constructor(commands: CommandBus, @Inject(APP_CONFIG) config: AppConfig) {
    this.task = new RepeatingTask(
      () => commands.execute(new ProbePausedChannelsCommand()),
      config.NOTIFY_PAUSE_PROBE_INTERVAL_MS,
      (error) => this.logger.error({ err: error }, 'Probing paused channels failed'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}

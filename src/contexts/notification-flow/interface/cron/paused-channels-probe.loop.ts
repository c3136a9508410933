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
import { ProbePausedChannelsCommand } from '../../application/probe-paused-channels/probe-paused-channels.command';

/**
 * Probes paused channels every NOTIFY_PAUSE_PROBE_INTERVAL_MS (scheduler role), so a WhatsApp pause
 * ends by itself once the instance is `open` again. Several schedulers may probe at once: resuming
 * twice changes nothing.
 */
@Injectable()
export class PausedChannelsProbeLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationFlow');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.commands
        .execute(new ProbePausedChannelsCommand())
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ err: error }, 'Probing paused channels failed'))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.config.NOTIFY_PAUSE_PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

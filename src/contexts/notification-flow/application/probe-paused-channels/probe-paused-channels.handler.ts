import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotificationMetrics } from '../notification-metrics';
import { ChannelProviders } from '../ports/channel-providers';
import { WhatsappPause } from '../whatsapp/whatsapp-pause';
import { ProbePausedChannelsCommand, type ProbePausedChannelsResult } from './probe-paused-channels.command';

/** Instances asked at once (each call is bounded by the Evolution client's timeout). */
const PROBES_AT_ONCE = 8;

@CommandHandler(ProbePausedChannelsCommand)
export class ProbePausedChannelsHandler implements ICommandHandler<
  ProbePausedChannelsCommand,
  ProbePausedChannelsResult
> {
  private readonly logger = new Logger('NotificationFlow');

  constructor(
    private readonly dataSource: DataSource,
    private readonly pause: WhatsappPause,
    private readonly providers: ChannelProviders,
    private readonly metrics: NotificationMetrics,
  ) {}

  async execute(): Promise<ProbePausedChannelsResult> {
    const tenants = await this.pause.pausedTenants();
    let resumed = 0;
    for (let i = 0; i < tenants.length; i += PROBES_AT_ONCE) {
      const outcomes = await Promise.all(tenants.slice(i, i + PROBES_AT_ONCE).map((t) => this.probe(t)));
      resumed += outcomes.filter(Boolean).length;
    }
    this.metrics.channelsPaused.set({ channel: 'whatsapp' }, tenants.length - resumed);
    return { probed: tenants.length, resumed };
  }

  private async probe(tenantId: string): Promise<boolean> {
    const { instance, state } = await this.providers.whatsappState(tenantId);
    if (state !== 'open') return false;
    const { was, released } = await this.dataSource.transaction((tx) => this.pause.lift(tx, tenantId));
    if (!was) return false;
    this.metrics.channelResumed.inc({ channel: 'whatsapp', by: 'probe' });
    this.logger.log(
      { tenantId, instance, pausedSince: was.since, released },
      'WhatsApp resumed for the tenant: the instance is open again',
    );
    return true;
  }
}

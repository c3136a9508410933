import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotificationMetrics } from '../notification-metrics';
import { WhatsappPause } from '../whatsapp/whatsapp-pause';
import { ResumeWhatsappCommand, type ResumeWhatsappResult } from './resume-whatsapp.command';

@CommandHandler(ResumeWhatsappCommand)
export class ResumeWhatsappHandler implements ICommandHandler<ResumeWhatsappCommand, ResumeWhatsappResult> {
  private readonly logger = new Logger('NotificationFlow');

  constructor(
    private readonly dataSource: DataSource,
    private readonly pause: WhatsappPause,
    private readonly metrics: NotificationMetrics,
  ) {}

  async execute(command: ResumeWhatsappCommand): Promise<ResumeWhatsappResult> {
    const tenantId = command.metadata.tenantId;
    const { was, released } = await this.dataSource.transaction((tx) => this.pause.lift(tx, tenantId));
    if (was) {
      this.metrics.channelResumed.inc({ channel: 'whatsapp', by: 'operator' });
      this.logger.warn(
        { tenantId, by: command.by, pausedSince: was.since, released },
        'WhatsApp pause cleared by an operator: held messages go out again',
      );
    }
    return { channel: 'whatsapp', changed: was !== null, released };
  }
}

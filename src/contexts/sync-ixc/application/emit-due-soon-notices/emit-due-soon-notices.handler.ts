import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { Tenants } from '../../../../platform/access/tenants';
import { addDays, daysBetween, localDate } from '../../../../shared/time/local-date';
import { ReceivableDueSoonEvent } from '../../contracts/receivable-events';
import { customerOf, NOTICE_BATCH, receivablePayload } from '../../domain/receivable-notice';
import { ReceivableNoticeRepository } from '../ports/receivable-notice.repository';
import { EmitDueSoonNoticesCommand } from './emit-due-soon-notices.command';

@CommandHandler(EmitDueSoonNoticesCommand)
export class EmitDueSoonNoticesHandler implements ICommandHandler<EmitDueSoonNoticesCommand, number> {
  constructor(
    private readonly notices: ReceivableNoticeRepository,
    private readonly tenants: Tenants,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: EmitDueSoonNoticesCommand): Promise<number> {
    const tenantId = command.metadata.tenantId;
    const today = localDate(new Date(), await this.tenants.timeZone(tenantId));
    const until = addDays(today, this.config.IXC_DUE_SOON_DAYS);
    let total = 0;
    for (;;) {
      const emitted = await this.notices.noticeBatch(
        tenantId,
        'due-soon',
        { from: today, until },
        NOTICE_BATCH,
        (row) =>
          new ReceivableDueSoonEvent(tenantId, {
            ...receivablePayload(row),
            daysUntilDue: daysBetween(today, row.dueDate),
            ...customerOf(row),
          }),
      );
      total += emitted;
      if (emitted < NOTICE_BATCH) return total;
    }
  }
}

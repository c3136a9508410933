import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { daysBetween, localDate } from '../../../../shared/time/local-date';
import { ReceivableOverdueEvent } from '../../contracts/receivable-events';
import { customerOf, NOTICE_BATCH, receivablePayload } from '../../domain/receivable-notice';
import { ReceivableNoticeRepository } from '../ports/receivable-notice.repository';
import { EmitOverdueNoticesCommand } from './emit-overdue-notices.command';

@CommandHandler(EmitOverdueNoticesCommand)
export class EmitOverdueNoticesHandler implements ICommandHandler<EmitOverdueNoticesCommand, number> {
  constructor(
    private readonly notices: ReceivableNoticeRepository,
    private readonly tenants: Tenants,
  ) {}

  async execute(command: EmitOverdueNoticesCommand): Promise<number> {
    const tenantId = command.metadata.tenantId;
    const today = localDate(new Date(), await this.tenants.timeZone(tenantId));
    let total = 0;
    for (;;) {
      const emitted = await this.notices.noticeBatch(
        tenantId,
        'overdue',
        { before: today },
        NOTICE_BATCH,
        (row) =>
          new ReceivableOverdueEvent(tenantId, {
            ...receivablePayload(row),
            daysOverdue: daysBetween(row.dueDate, today),
            ...customerOf(row),
          }),
      );
      total += emitted;
      if (emitted < NOTICE_BATCH) return total;
    }
  }
}

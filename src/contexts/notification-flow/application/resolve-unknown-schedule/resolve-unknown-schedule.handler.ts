import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ScheduleNotFoundError, ScheduleNotUnknownError } from '../../notification-flow.errors';
import { ResolveUnknownScheduleCommand, type ResolvedSchedule } from './resolve-unknown-schedule.command';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Settles one `unknown` schedule of the tenant and writes who did it to the contact history. */
@CommandHandler(ResolveUnknownScheduleCommand)
export class ResolveUnknownScheduleHandler implements ICommandHandler<
  ResolveUnknownScheduleCommand,
  ResolvedSchedule
> {
  constructor(private readonly dataSource: DataSource) {}

  execute(command: ResolveUnknownScheduleCommand): Promise<ResolvedSchedule> {
    const { tenantId } = command.metadata;
    const { scheduleId: id, action, by } = command;
    if (!UUID.test(id)) throw new ScheduleNotFoundError(id);
    return this.dataSource.transaction(async (tx) => {
      const [row] = (await tx.query(
        `SELECT id, debtor_id, channel, status, status_reason FROM notification_flow.schedules
          WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
        [tenantId, id],
      )) as Array<{
        id: string;
        debtor_id: string;
        channel: string;
        status: string;
        status_reason: string | null;
      }>;
      if (!row) throw new ScheduleNotFoundError(id);
      if (row.status !== 'unknown') throw new ScheduleNotUnknownError(id, row.status);
      if (action === 'mark_sent') {
        await tx.query(
          `UPDATE notification_flow.schedules SET status = 'sent', status_reason = 'resolved_by_operator',
                  sent_at = now(), updated_at = now()
            WHERE id = $1`,
          [id],
        );
        // the cooldown of the next step runs from this contact
        await tx.query(
          `UPDATE notification_flow.debtors SET last_contact_at = greatest(last_contact_at, now())
            WHERE tenant_id = $1 AND id = $2`,
          [tenantId, row.debtor_id],
        );
      } else {
        await tx.query(
          `UPDATE notification_flow.schedules SET status = 'planned', status_reason = 'operator_resend',
                  due_at = now(), updated_at = now()
            WHERE id = $1`,
          [id],
        );
      }
      await tx.query(
        `INSERT INTO notification_flow.contact_history (tenant_id, schedule_id, debtor_id, channel, event, detail)
         VALUES ($1, $2, $3, $4, 'resolved', $5)`,
        [
          tenantId,
          id,
          row.debtor_id,
          row.channel,
          JSON.stringify({ action, by, unknownReason: row.status_reason }),
        ],
      );
      return { id, status: action === 'mark_sent' ? 'sent' : 'planned', action };
    });
  }
}

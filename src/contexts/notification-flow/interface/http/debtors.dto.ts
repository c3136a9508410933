import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import type { DebtorRecord, DebtRecord, HistoryRecord } from '../../application/ports/operator-views';
import type { DebtorCommandResult } from '../../application/debtors/debtor-changes';
import { ScheduleView } from './schedules.dto';

export class SnoozeRequest {
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2025-01-20T12:00:00Z',
    description: 'Nothing goes out before this moment: in the future, at most 90 days ahead',
  })
  @IsISO8601({ strict: true })
  until!: string;
}

export class OptOutRequest {
  @ApiPropertyOptional({ maxLength: 500, example: 'asked by phone' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class DebtorView implements DebtorRecord {
  @ApiProperty({ example: 'ixc:123' }) id!: string;
  @ApiProperty({ example: 'ixc' }) source!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) document!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) email!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '5511987654321' }) phone!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '5511987654321' }) whatsapp!: string | null;
  @ApiProperty() consent!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, example: '1980-05-01' }) birthDate!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) optedOutAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String }) optOutReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) snoozedUntil!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) lastContactAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cycleAnchor!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cycleFlowId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) cycleFlowVersion!: number | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class DebtView implements DebtRecord {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) contractId!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty({ example: '2025-01-10' }) dueDate!: string;
  @ApiProperty() amountCents!: number;
  @ApiProperty() openCents!: number;
  @ApiProperty() status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) flowId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) flowVersion!: number | null;
  @ApiProperty() openedAt!: Date;
}

export class DebtorDetailView {
  @ApiProperty({ type: DebtorView }) debtor!: DebtorView;
  @ApiProperty({ type: [DebtView] }) openDebts!: DebtView[];
  @ApiProperty({ type: [ScheduleView], description: 'planned, deferred, queued and sending' })
  pendingSchedules!: ScheduleView[];
}

export class HistoryView implements HistoryRecord {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) scheduleId!: string | null;
  @ApiProperty() debtorId!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty() channel!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) provider!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) providerMessageId!: string | null;
  @ApiProperty({
    enum: [
      'sent',
      'failed',
      'unknown',
      'skipped',
      'deferred',
      'cancelled',
      'server_ack',
      'delivery_ack',
      'read',
      'reply',
      'opt_out',
      'opt_in',
    ],
  })
  event!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) error!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) latencyMs!: number | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail!: Record<string, unknown>;
  @ApiProperty() at!: Date;
}

export class HistoryPage {
  @ApiProperty({ type: [HistoryView] }) items!: HistoryView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class DebtorCommandView implements DebtorCommandResult {
  @ApiProperty() debtorId!: string;
  @ApiProperty({ description: 'false when there was nothing to do (the command is idempotent)' })
  changed!: boolean;
  @ApiProperty({ description: 'Pending schedules cancelled or deferred (opt-in: pending after it)' })
  schedules!: number;
  @ApiPropertyOptional({ nullable: true, type: Date }) optedOutAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) snoozedUntil!: Date | null;
}

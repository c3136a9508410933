import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../../../platform/http/page-query.dto';
import {
  CHANNELS,
  MESSAGE_TYPES,
  SCHEDULE_STATUSES,
  type Channel,
  type MessageType,
  type ScheduleStatus,
} from '../../domain/cadence';
import type { ScheduleRecord } from '../../application/ports/operator-views';
import { IsoDateQueryParam } from '../../../../platform/http/query-params';
import {
  RESOLUTIONS,
  type Resolution,
} from '../../application/resolve-unknown-schedule/resolve-unknown-schedule.command';

export class ScheduleQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SCHEDULE_STATUSES })
  @IsOptional()
  @IsIn(SCHEDULE_STATUSES)
  status?: ScheduleStatus;

  @ApiPropertyOptional({ example: 'ixc:123' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  debtorId?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'due_at ≥ from (ISO date or date-time)',
  })
  @IsOptional()
  @IsoDateQueryParam()
  from?: Date;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'due_at < to (ISO date or date-time)',
  })
  @IsOptional()
  @IsoDateQueryParam()
  to?: Date;
}

export class ScheduleView implements ScheduleRecord {
  @ApiProperty() id!: string;
  @ApiProperty() debtorId!: string;
  @ApiProperty() flowId!: string;
  @ApiProperty() flowVersion!: number;
  @ApiProperty() stepKey!: string;
  @ApiProperty() stepIndex!: number;
  @ApiProperty({ enum: CHANNELS }) channel!: Channel;
  @ApiProperty({ description: 'Position in the step’s channel list (0 = first choice)' })
  fallbackIndex!: number;
  @ApiProperty({ enum: MESSAGE_TYPES }) type!: MessageType;
  @ApiProperty() allDay!: boolean;
  @ApiProperty({ example: '2025-01-10' }) anchorDate!: string;
  @ApiProperty() plannedAt!: Date;
  @ApiProperty() dueAt!: Date;
  @ApiProperty({ enum: SCHEDULE_STATUSES }) status!: ScheduleStatus;
  @ApiPropertyOptional({ nullable: true, type: String }) statusReason!: string | null;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) recipient!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) provider!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) providerMessageId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) queuedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) sendingAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) sentAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class SchedulePage {
  @ApiProperty({ type: [ScheduleView] }) items!: ScheduleView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class ResolveScheduleRequest {
  @ApiProperty({
    enum: RESOLUTIONS,
    description: '`mark_sent`: it did go out; `resend`: plan it again (stop conditions and throttle apply)',
  })
  @IsIn(RESOLUTIONS)
  action!: Resolution;
}

export class ResolvedScheduleView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['sent', 'planned'] }) status!: 'sent' | 'planned';
  @ApiProperty({ enum: RESOLUTIONS }) action!: Resolution;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { DayChannelStats, NotificationStats } from '../../application/ports/operator-views';
import { IsoDateQueryParam } from '../../../../platform/http/query-params';

export class StatsQuery {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Default: 7 days before `to`' })
  @IsOptional()
  @IsoDateQueryParam()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Default: now' })
  @IsOptional()
  @IsoDateQueryParam()
  to?: Date;
}

export class DayChannelStatsView implements DayChannelStats {
  @ApiProperty({ example: '2025-01-10', description: 'Local day in the tenant’s time zone' }) day!: string;
  @ApiProperty({ example: 'whatsapp' }) channel!: string;
  @ApiProperty() sent!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() deferred!: number;
  @ApiProperty({ description: 'Schedules skipped that day (no address, no consent, a minor): never sent' })
  skipped!: number;
  @ApiProperty({ description: 'Steps recorded as missed that day (the debt became known after their time)' })
  missed!: number;
  @ApiProperty() unknown!: number;
}

export class PendingCountsView {
  @ApiProperty() planned!: number;
  @ApiProperty() deferred!: number;
  @ApiProperty() queued!: number;
  @ApiProperty() sending!: number;
}

export class NotificationStatsView implements NotificationStats {
  @ApiProperty() from!: Date;
  @ApiProperty() to!: Date;
  @ApiProperty({ example: 'America/Sao_Paulo' }) timeZone!: string;
  @ApiProperty({ type: [DayChannelStatsView], description: 'Only days and channels with events' })
  days!: DayChannelStatsView[];
  @ApiProperty({ type: PendingCountsView, description: 'Schedules waiting now, by status' })
  pending!: Record<string, number>;
}

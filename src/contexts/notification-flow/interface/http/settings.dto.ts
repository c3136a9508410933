import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { DayWindow } from '../../domain/business-hours';
import type { NotificationSettings, Throttle } from '../../application/settings/notification-settings';
import { OptionalNotNull } from '../../../../platform/http/optional-not-null';

export class DayWindowView implements DayWindow {
  @ApiProperty({ example: '08:00' }) open!: string;
  @ApiProperty({ example: '18:00' }) close!: string;
}

export class BusinessHoursRequest {
  @ApiPropertyOptional({
    example: 'America/Sao_Paulo',
    description: 'IANA time zone (default: the tenant’s)',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { allOf: [{ $ref: '#/components/schemas/DayWindowView' }], nullable: true },
    description: '7 entries, Sunday first; null = closed all day',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(7)
  week?: Array<DayWindow | null>;
}

export class ThrottleView implements Throttle {
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Messages per minute; null = no limit' })
  perMinute!: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Messages per local day; null = no limit',
  })
  perDay!: number | null;
}

export class ThrottlesView {
  @ApiProperty({ type: ThrottleView }) email!: ThrottleView;
  @ApiProperty({ type: ThrottleView }) sms!: ThrottleView;
  @ApiProperty({ type: ThrottleView }) whatsapp!: ThrottleView;
}

export class NotificationSettingsRequest {
  @ApiPropertyOptional({ type: BusinessHoursRequest })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => BusinessHoursRequest)
  businessHours?: BusinessHoursRequest;

  @ApiPropertyOptional({
    type: [String],
    example: ['2025-12-24'],
    description: 'Closed dates on top of holidays',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(366)
  @IsString({ each: true })
  extraClosedDays?: string[];

  @ApiPropertyOptional({
    type: ThrottlesView,
    description: 'Per channel; only the channels and fields given change',
  })
  @OptionalNotNull()
  @IsObject()
  throttles?: Record<string, Partial<Throttle>>;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Shown in messages; null = tenant name' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  companyName?: string | null;

  @ApiPropertyOptional({ description: 'When false, no new cadence is planned' })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}

export class BusinessHoursView {
  @ApiProperty() timeZone!: string;
  @ApiProperty({
    type: 'array',
    items: { allOf: [{ $ref: '#/components/schemas/DayWindowView' }], nullable: true },
  })
  week!: Array<DayWindow | null>;
}

export class NotificationSettingsView implements NotificationSettings {
  @ApiProperty({ type: BusinessHoursView }) businessHours!: BusinessHoursView;
  @ApiProperty({ type: [String] }) extraClosedDays!: string[];
  @ApiProperty({ type: ThrottlesView }) throttles!: ThrottlesView;
  @ApiPropertyOptional({ nullable: true, type: String }) companyName!: string | null;
  @ApiProperty() enabled!: boolean;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsNumber,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, MESSAGE_TYPES, type Channel, type FlowStep, type MessageType } from '../../domain/cadence';
import type { Flow, FlowVersion } from '../../application/flows/flows.repository';

/** Types only: ranges, enums and consistency are checked by the flow itself (422 with every problem). */
export class FlowStepDto {
  @ApiProperty({ example: 'D+3', description: 'Stable name, 1–32 letters, digits, + - _ . or space' })
  @IsString()
  key!: string;

  @ApiProperty({ example: 3, description: 'Days from the due date (negative = before), -60 to 365' })
  @IsNumber()
  offsetDays!: number;

  @ApiPropertyOptional({ example: '09:00', description: 'Local send time HH:mm (default 09:00)' })
  @IsOptional()
  @IsString()
  sendAt?: string;

  @ApiProperty({ enum: CHANNELS, isArray: true, description: 'Fallback order: first channel first' })
  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  channels!: Channel[];

  @ApiPropertyOptional({ example: 20, description: 'Hours since the last message before this one (0–720)' })
  @IsOptional()
  @IsNumber()
  cooldownHours?: number;

  @ApiPropertyOptional({
    enum: MESSAGE_TYPES,
    description: 'Default: upcoming when offset ≤ 0, else overdue',
  })
  @IsOptional()
  @IsString()
  type?: MessageType;

  @ApiPropertyOptional({ description: 'notification steps only: may go out outside business hours' })
  @IsOptional()
  @IsBoolean()
  allDay?: boolean;
}

export class CreateFlowRequest {
  @ApiProperty({ example: 'Padrão', maxLength: 80 })
  @IsString()
  @MaxLength(80)
  name!: string;

  @ApiProperty({ type: [FlowStepDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FlowStepDto)
  steps!: FlowStepDto[];

  @ApiPropertyOptional({ description: 'New debt cycles follow the default flow' })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}

export class UpdateFlowRequest {
  @ApiPropertyOptional({ maxLength: 80 })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  name?: string;

  @ApiPropertyOptional({ type: [FlowStepDto], description: 'Different steps write a new version' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FlowStepDto)
  steps?: FlowStepDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}

export class FlowStepView implements FlowStep {
  @ApiProperty() key!: string;
  @ApiProperty() offsetDays!: number;
  @ApiProperty() sendAt!: string;
  @ApiProperty({ enum: CHANNELS, isArray: true }) channels!: Channel[];
  @ApiProperty() cooldownHours!: number;
  @ApiProperty({ enum: MESSAGE_TYPES }) type!: MessageType;
  @ApiProperty() allDay!: boolean;
}

export class FlowView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() isDefault!: boolean;
  @ApiProperty({ description: 'Current version' }) version!: number;
  @ApiProperty({ type: [FlowStepView], description: 'Steps of the current version, in offset order' })
  steps!: FlowStepView[];
  @ApiPropertyOptional({ nullable: true, type: Date }) archivedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static of(f: Flow): FlowView {
    return { ...f };
  }
}

export class FlowList {
  @ApiProperty({ type: [FlowView] }) items!: FlowView[];
  @ApiProperty() total!: number;
}

export class FlowVersionView {
  @ApiProperty() flowId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [FlowStepView] }) steps!: FlowStepView[];
  @ApiPropertyOptional({ nullable: true, type: String }) createdBy!: string | null;
  @ApiProperty() createdAt!: Date;

  static of(v: FlowVersion): FlowVersionView {
    return { ...v };
  }
}

export class FlowVersionList {
  @ApiProperty({ type: [FlowVersionView] }) items!: FlowVersionView[];
  @ApiProperty() total!: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional } from 'class-validator';
import { SYNC_RESOURCES, type SyncResource } from '../../application/ports/ixc-source';
import type { SyncMode, SyncRun } from '../../application/ports/sync-run.repository';

export class StartSyncRequest {
  @ApiPropertyOptional({ enum: SYNC_RESOURCES, isArray: true, default: [...SYNC_RESOURCES] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SYNC_RESOURCES, { each: true })
  resources: SyncResource[] = [...SYNC_RESOURCES];

  @ApiPropertyOptional({ enum: ['incremental', 'full'], default: 'incremental' })
  @IsOptional()
  @IsIn(['incremental', 'full'])
  mode: SyncMode = 'incremental';
}

export class ResourceProgressView {
  @ApiProperty({ enum: ['pending', 'running', 'completed', 'failed'] }) status!: string;
  @ApiProperty() pages!: number;
  @ApiProperty() read!: number;
  @ApiProperty() inserted!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ description: 'Malformed rows IXC sent, skipped' }) rejected!: number;
  @ApiProperty({ description: 'Events written to the outbox (status changes, paid, overdue)' })
  events!: number;
}

export class SyncRunView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['incremental', 'full'] }) mode!: string;
  @ApiProperty({ enum: SYNC_RESOURCES, isArray: true }) resources!: string[];
  @ApiProperty({ enum: ['api', 'schedule'] }) trigger!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) status!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ResourceProgressView' },
  })
  progress!: Record<string, ResourceProgressView>;
  @ApiPropertyOptional({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() startedAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiProperty() durationMs!: number;

  static of({ tenantId: _tenant, ...run }: SyncRun): SyncRunView {
    return {
      ...run,
      progress: run.progress as Record<string, ResourceProgressView>,
      durationMs: run.durationMs ?? 0,
    };
  }
}

export class SyncRunPage {
  @ApiProperty({ type: [SyncRunView] }) items!: SyncRunView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

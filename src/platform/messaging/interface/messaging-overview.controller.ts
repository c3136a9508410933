import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly, CurrentPrincipal, type Principal } from '../../access/auth.decorators';
import {
  GetMessagingOverviewQuery,
  type MessagingOverview,
} from '../application/get-messaging-overview/get-messaging-overview.query';

class QueueDepthView {
  @ApiProperty({ example: 'notification_flow.whatsapp' }) name!: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Deliverable now; null when unknown' })
  ready!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Waiting for a retry delay' })
  delayed!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Consumers attached' })
  consumers!: number | null;
}

class OutboxBacklogView {
  @ApiProperty() pending!: number;
  @ApiPropertyOptional({ nullable: true, type: Date }) oldestPendingAt!: Date | null;
  @ApiProperty({ description: 'Pending rows whose last publish failed' }) failing!: number;
}

class DeadLetterCountsView {
  @ApiProperty({ description: 'Not replayed yet' }) waiting!: number;
  @ApiProperty() replayed!: number;
}

class MessagingOverviewView implements MessagingOverview {
  @ApiProperty({ enum: ['rabbitmq', 'in-process'] }) transport!: 'rabbitmq' | 'in-process';
  @ApiProperty() source!: string;
  @ApiProperty({ type: [QueueDepthView], description: 'Shared by every tenant: counts only' })
  queues!: QueueDepthView[];
  @ApiProperty({ type: OutboxBacklogView, description: 'This tenant’s' }) outbox!: OutboxBacklogView;
  @ApiProperty({ type: DeadLetterCountsView, description: 'This tenant’s' })
  deadLetters!: DeadLetterCountsView;
}

@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1/admin/messaging')
export class MessagingOverviewController {
  constructor(private readonly queries: QueryBus) {}

  @Get('overview')
  @ApiOperation({
    summary:
      'Queue depths and consumers, the tenant’s outbox backlog and its dead letters (waiting, replayed)',
  })
  @ApiOkResponse({ type: MessagingOverviewView })
  overview(@CurrentPrincipal() principal: Principal): Promise<MessagingOverviewView> {
    return this.queries.execute(new GetMessagingOverviewQuery(principal.tenantId));
  }
}

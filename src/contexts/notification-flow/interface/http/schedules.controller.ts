import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope, type Principal } from '../../../../platform/access/auth.decorators';
import { OperatorQueries } from '../../application/operators/operator-queries';
import { ScheduleQuery, SchedulePage, ScheduleView } from './schedules.dto';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications/schedules')
export class SchedulesController {
  constructor(private readonly queries: OperatorQueries) {}

  @Get()
  @RequireScope('notifications:read')
  @ApiOperation({
    summary: 'Planned and past messages, by due time (filters: status, debtor, channel, due_at range)',
  })
  @ApiOkResponse({ type: SchedulePage })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ScheduleQuery): Promise<SchedulePage> {
    const { items, total } = await this.queries.schedules(principal.tenantId, query);
    return { items, total, limit: query.limit, offset: query.offset };
  }

  @Get(':id')
  @RequireScope('notifications:read')
  @ApiOperation({ summary: 'One schedule' })
  @ApiOkResponse({ type: ScheduleView })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ScheduleView> {
    return this.queries.schedule(principal.tenantId, id);
  }
}

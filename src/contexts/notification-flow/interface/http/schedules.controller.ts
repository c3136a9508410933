import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  principalRef,
  RequireScope,
  type Principal,
} from '../../../../platform/access/auth.decorators';
import { GetScheduleQuery } from '../../application/get-schedule/get-schedule.query';
import { ListSchedulesQuery } from '../../application/list-schedules/list-schedules.query';
import {
  ResolveUnknownScheduleCommand,
  type ResolvedSchedule,
} from '../../application/resolve-unknown-schedule/resolve-unknown-schedule.command';
import {
  ResolvedScheduleView,
  ResolveScheduleRequest,
  ScheduleQuery,
  SchedulePage,
  ScheduleView,
} from './schedules.dto';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications/schedules')
export class SchedulesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @RequireScope('notifications:read')
  @ApiOperation({
    summary: 'Planned and past messages, by due time (filters: status, debtor, channel, due_at range)',
  })
  @ApiOkResponse({ type: SchedulePage })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ScheduleQuery): Promise<SchedulePage> {
    const { items, total } = await this.queries.execute(new ListSchedulesQuery(principal.tenantId, query));
    return { items, total, limit: query.limit, offset: query.offset };
  }

  @Get(':id')
  @RequireScope('notifications:read')
  @ApiOperation({ summary: 'One schedule' })
  @ApiOkResponse({ type: ScheduleView })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ScheduleView> {
    return this.queries.execute(new GetScheduleQuery(principal.tenantId, id));
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @RequireScope('notifications:write')
  @ApiOperation({
    summary:
      'Settle a schedule whose outcome is unknown: mark it sent, or send it again (409 unless unknown)',
  })
  @ApiOkResponse({ type: ResolvedScheduleView })
  resolve(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: ResolveScheduleRequest,
  ): Promise<ResolvedSchedule> {
    return this.commands.execute(
      new ResolveUnknownScheduleCommand(principal.tenantId, id, body.action, principalRef(principal)),
    );
  }
}

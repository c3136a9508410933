import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope, type Principal } from '../../../../platform/access/auth.decorators';
import { QueryBus } from '@nestjs/cqrs';
import { GetNotificationStatsQuery } from '../../application/get-notification-stats/get-notification-stats.query';
import { InvalidStatsRangeError } from '../../notification-flow.errors';
import { NotificationStatsView, StatsQuery } from './stats.dto';

const MAX_RANGE_DAYS = 366;

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications/stats')
export class NotificationStatsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequireScope('notifications:read')
  @ApiOperation({
    summary:
      'Messages sent, failed, deferred, skipped, missed and unknown per local day and channel; pending now',
  })
  @ApiOkResponse({ type: NotificationStatsView })
  stats(
    @CurrentPrincipal() principal: Principal,
    @Query() query: StatsQuery,
  ): Promise<NotificationStatsView> {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - 7 * 24 * 3600_000);
    if (from >= to) throw new InvalidStatsRangeError('from must be before to');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 24 * 3600_000)
      throw new InvalidStatsRangeError(`the range is at most ${MAX_RANGE_DAYS} days`);
    return this.queries.execute(new GetNotificationStatsQuery(principal.tenantId, from, to));
  }
}

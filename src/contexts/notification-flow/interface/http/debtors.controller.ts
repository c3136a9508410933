import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  principalRef,
  RequireScope,
  type Principal,
} from '../../../../platform/access/auth.decorators';
import { PageQuery } from '../../../../platform/http/page-query.dto';
import { CancelDebtorCommand } from '../../application/cancel-debtor/cancel-debtor.command';
import { GetDebtorHistoryQuery } from '../../application/get-debtor-history/get-debtor-history.query';
import { GetDebtorQuery } from '../../application/get-debtor/get-debtor.query';
import { OptInDebtorCommand } from '../../application/opt-in-debtor/opt-in-debtor.command';
import { OptOutDebtorCommand } from '../../application/opt-out-debtor/opt-out-debtor.command';
import { SnoozeDebtorCommand } from '../../application/snooze-debtor/snooze-debtor.command';
import {
  DebtorCommandView,
  DebtorDetailView,
  HistoryPage,
  OptOutRequest,
  SnoozeRequest,
} from './debtors.dto';

const ID = {
  name: 'id',
  example: 'ixc:123',
  description: 'Debtor id (`source:id`; URL-encode the colon or not)',
};

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications/debtors')
export class DebtorsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commandBus: CommandBus,
  ) {}

  @Get(':id')
  @RequireScope('notifications:read')
  @ApiParam(ID)
  @ApiOperation({ summary: 'A debtor with its open debts and pending schedules' })
  @ApiOkResponse({ type: DebtorDetailView })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<DebtorDetailView> {
    return this.queries.execute(new GetDebtorQuery(principal.tenantId, id));
  }

  @Get(':id/history')
  @RequireScope('notifications:read')
  @ApiParam(ID)
  @ApiOperation({
    summary: 'Every contact event of a debtor (sent, failed, acks, replies, opt-outs…), newest first',
  })
  @ApiOkResponse({ type: HistoryPage })
  async history(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() page: PageQuery,
  ): Promise<HistoryPage> {
    const { items, total } = await this.queries.execute(
      new GetDebtorHistoryQuery(principal.tenantId, id, { limit: page.limit, offset: page.offset }),
    );
    return { items, total, limit: page.limit, offset: page.offset };
  }

  @Post(':id/cancel')
  @RequireScope('notifications:write')
  @HttpCode(200)
  @ApiParam(ID)
  @ApiOperation({ summary: 'Cancel every pending message of the debtor (reason operator); idempotent' })
  @ApiOkResponse({ type: DebtorCommandView })
  cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<DebtorCommandView> {
    return this.commandBus.execute(new CancelDebtorCommand(principal.tenantId, id, principalRef(principal)));
  }

  @Post(':id/snooze')
  @RequireScope('notifications:write')
  @HttpCode(200)
  @ApiParam(ID)
  @ApiOperation({
    summary: 'Nothing goes out before `until` (future, ≤ 90 days): pending messages are deferred to it',
  })
  @ApiOkResponse({ type: DebtorCommandView })
  snooze(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: SnoozeRequest,
  ): Promise<DebtorCommandView> {
    return this.commandBus.execute(
      new SnoozeDebtorCommand(principal.tenantId, id, new Date(body.until), principalRef(principal)),
    );
  }

  @Post(':id/opt-out')
  @RequireScope('notifications:write')
  @HttpCode(200)
  @ApiParam(ID)
  @ApiOperation({ summary: 'Record that the debtor must not be contacted: pending messages are cancelled' })
  @ApiOkResponse({ type: DebtorCommandView })
  optOut(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: OptOutRequest,
  ): Promise<DebtorCommandView> {
    return this.commandBus.execute(
      new OptOutDebtorCommand(principal.tenantId, id, 'operator', body.reason ?? null),
    );
  }

  @Post(':id/opt-in')
  @RequireScope('notifications:write')
  @HttpCode(200)
  @ApiParam(ID)
  @ApiOperation({
    summary: 'Allow contact again: the open cycle is planned again from now',
    description:
      'Steps the opt-out cancelled that are still to come are planned at their time, the latest step already ' +
      'passed goes now (earlier passed ones stay cancelled); a debtor with open debts and no cycle starts one.',
  })
  @ApiOkResponse({ type: DebtorCommandView })
  optIn(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<DebtorCommandView> {
    return this.commandBus.execute(new OptInDebtorCommand(principal.tenantId, id, principalRef(principal)));
  }
}

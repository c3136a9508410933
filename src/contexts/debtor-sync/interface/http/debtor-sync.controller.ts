import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope, type Principal } from '../../../../platform/access/auth.decorators';
import { GetDebtorSyncRunQuery } from '../../application/get-sync-run/get-debtor-sync-run.query';
import { ListDebtorSyncRunsQuery } from '../../application/list-sync-runs/list-debtor-sync-runs.query';
import { StartDebtorSyncCommand } from '../../application/start-sync/start-debtor-sync.command';
import {
  DebtorSyncRunsQuery,
  DebtorSyncRunsView,
  DebtorSyncRunView,
  StartDebtorSyncRequest,
} from './debtor-sync.dto';

@ApiTags('debtors')
@ApiBearerAuth()
@Controller('api/v1/debtors/sync')
export class DebtorSyncController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequireScope('debtors:write')
  @HttpCode(202)
  @ApiOperation({ summary: 'Sync one covered clinic, or all of them, now (in the background)' })
  @ApiAcceptedResponse({ type: [DebtorSyncRunView] })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Body() body: StartDebtorSyncRequest,
  ): Promise<DebtorSyncRunView[]> {
    const runs = await this.commands.execute(
      new StartDebtorSyncCommand(principal.tenantId, body.clinicId ?? null),
    );
    return runs.map(DebtorSyncRunView.of);
  }

  @Get('runs')
  @RequireScope('debtors:read')
  @ApiOperation({ summary: 'The sync run ledger, newest first' })
  @ApiOkResponse({ type: DebtorSyncRunsView })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: DebtorSyncRunsQuery,
  ): Promise<DebtorSyncRunsView> {
    const { items, total } = await this.queries.execute(
      new ListDebtorSyncRunsQuery(principal.tenantId, query.clinicId, query.limit, query.offset),
    );
    return { items: items.map(DebtorSyncRunView.of), total, limit: query.limit, offset: query.offset };
  }

  @Get('runs/:id')
  @RequireScope('debtors:read')
  @ApiOperation({ summary: 'One sync run with its counts per entity' })
  @ApiOkResponse({ type: DebtorSyncRunView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<DebtorSyncRunView> {
    return DebtorSyncRunView.of(
      await this.queries.execute(new GetDebtorSyncRunQuery(principal.tenantId, id)),
    );
  }
}

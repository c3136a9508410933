import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AdminOnly,
  CurrentPrincipal,
  RequireScope,
  type Principal,
} from '../../../../platform/access/auth.decorators';
import { PageQuery } from '../../../../platform/http/page-query.dto';
import { GetSyncRunQuery } from '../../application/get-sync-run/get-sync-run.query';
import { ListSyncRunsQuery } from '../../application/list-sync-runs/list-sync-runs.query';
import { StartSyncCommand } from '../../application/start-sync/start-sync.command';
import { ResourceProgressView, StartSyncRequest, SyncRunPage, SyncRunView } from './sync.dto';

@ApiTags('ixc')
@ApiBearerAuth()
@ApiExtraModels(ResourceProgressView)
@Controller('api/v1/ixc/sync')
export class SyncController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @AdminOnly()
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a sync of the IXC mirror (incremental or full); 409 while one runs' })
  @ApiAcceptedResponse({ type: SyncRunView })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Body() body: StartSyncRequest,
  ): Promise<SyncRunView> {
    return SyncRunView.of(
      await this.commands.execute(new StartSyncCommand(principal.tenantId, body.mode, body.resources, 'api')),
    );
  }

  @Get('runs')
  @RequireScope('ixc:read')
  @ApiOkResponse({ type: SyncRunPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<SyncRunPage> {
    const { items, total } = await this.queries.execute(
      new ListSyncRunsQuery(principal.tenantId, page.limit, page.offset),
    );
    return { items: items.map(SyncRunView.of), total, limit: page.limit, offset: page.offset };
  }

  @Get('runs/:id')
  @RequireScope('ixc:read')
  @ApiOperation({ summary: 'A sync run with its status, counts and progress per resource' })
  @ApiOkResponse({ type: SyncRunView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SyncRunView> {
    return SyncRunView.of(await this.queries.execute(new GetSyncRunQuery(principal.tenantId, id)));
  }
}

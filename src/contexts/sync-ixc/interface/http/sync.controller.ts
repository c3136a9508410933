import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
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
import { IxcSync } from '../../application/sync/ixc-sync';
import { SyncRuns } from '../../application/sync/sync-runs.repository';
import { SyncRunNotFoundError } from '../../sync-ixc.errors';
import { ResourceProgressView, StartSyncRequest, SyncRunPage, SyncRunView } from './sync.dto';

@ApiTags('ixc')
@ApiBearerAuth()
@ApiExtraModels(ResourceProgressView)
@Controller('api/v1/ixc/sync')
export class SyncController {
  constructor(
    private readonly sync: IxcSync,
    private readonly runs: SyncRuns,
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
    return SyncRunView.of(await this.sync.start(principal.tenantId, body.mode, body.resources, 'api'));
  }

  @Get('runs')
  @RequireScope('ixc:read')
  @ApiOkResponse({ type: SyncRunPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<SyncRunPage> {
    const { items, total } = await this.runs.list(principal.tenantId, page.limit, page.offset);
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
    const run = await this.runs.get(principal.tenantId, id);
    if (!run) throw new SyncRunNotFoundError(id);
    return SyncRunView.of(run);
  }
}

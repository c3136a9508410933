import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AdminOnly,
  CurrentPrincipal,
  principalRef,
  RequireScope,
  type Principal,
} from '../../../../platform/access/auth.decorators';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ArchiveFlowCommand } from '../../application/archive-flow/archive-flow.command';
import { CreateFlowCommand } from '../../application/create-flow/create-flow.command';
import { GetFlowVersionsQuery } from '../../application/get-flow-versions/get-flow-versions.query';
import { GetFlowQuery } from '../../application/get-flow/get-flow.query';
import { ListFlowsQuery } from '../../application/list-flows/list-flows.query';
import { UpdateFlowCommand } from '../../application/update-flow/update-flow.command';
import {
  CreateFlowRequest,
  FlowList,
  FlowVersionList,
  FlowVersionView,
  FlowView,
  UpdateFlowRequest,
} from './flows.dto';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications/flows')
export class FlowsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequireScope('notifications:read')
  @ApiOperation({ summary: 'Dunning flows (not archived), the default first' })
  @ApiOkResponse({ type: FlowList })
  async list(@CurrentPrincipal() principal: Principal): Promise<FlowList> {
    const items = await this.queries.execute(new ListFlowsQuery(principal.tenantId));
    return { items: items.map(FlowView.of), total: items.length };
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Create a flow (version 1); 422 lists every problem with the steps' })
  @ApiCreatedResponse({ type: FlowView })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateFlowRequest): Promise<FlowView> {
    return FlowView.of(
      await this.commands.execute(new CreateFlowCommand(principal.tenantId, body, principalRef(principal))),
    );
  }

  @Get(':id')
  @RequireScope('notifications:read')
  @ApiOperation({ summary: 'A flow with the steps of its current version' })
  @ApiOkResponse({ type: FlowView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<FlowView> {
    return FlowView.of(await this.queries.execute(new GetFlowQuery(principal.tenantId, id)));
  }

  @Get(':id/versions')
  @RequireScope('notifications:read')
  @ApiOperation({ summary: 'Every version of a flow, newest first (versions never change)' })
  @ApiOkResponse({ type: FlowVersionList })
  async versions(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<FlowVersionList> {
    const items = await this.queries.execute(new GetFlowVersionsQuery(principal.tenantId, id));
    return { items: items.map(FlowVersionView.of), total: items.length };
  }

  @Put(':id')
  @AdminOnly()
  @ApiOperation({
    summary:
      'Rename, make default or change steps (different steps → a new version; running cycles keep theirs)',
  })
  @ApiOkResponse({ type: FlowView })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateFlowRequest,
  ): Promise<FlowView> {
    return FlowView.of(
      await this.commands.execute(
        new UpdateFlowCommand(principal.tenantId, id, body, principalRef(principal)),
      ),
    );
  }

  @Delete(':id')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Archive a flow: it starts no new cycle; running cycles carry on' })
  @ApiNoContentResponse()
  async archive(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.commands.execute(new ArchiveFlowCommand(principal.tenantId, id));
  }
}

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
import { Flows } from '../../application/flows/flows.repository';
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
  constructor(private readonly flows: Flows) {}

  @Get()
  @RequireScope('notifications:read')
  @ApiOperation({ summary: 'Dunning flows (not archived), the default first' })
  @ApiOkResponse({ type: FlowList })
  async list(@CurrentPrincipal() principal: Principal): Promise<FlowList> {
    const items = await this.flows.list(principal.tenantId);
    return { items: items.map(FlowView.of), total: items.length };
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Create a flow (version 1); 422 lists every problem with the steps' })
  @ApiCreatedResponse({ type: FlowView })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateFlowRequest): Promise<FlowView> {
    return FlowView.of(await this.flows.create(principal.tenantId, body, principalRef(principal)));
  }

  @Get(':id')
  @RequireScope('notifications:read')
  @ApiOperation({ summary: 'A flow with the steps of its current version' })
  @ApiOkResponse({ type: FlowView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<FlowView> {
    return FlowView.of(await this.flows.get(principal.tenantId, id));
  }

  @Get(':id/versions')
  @RequireScope('notifications:read')
  @ApiOperation({ summary: 'Every version of a flow, newest first (versions never change)' })
  @ApiOkResponse({ type: FlowVersionList })
  async versions(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<FlowVersionList> {
    const items = await this.flows.versions(principal.tenantId, id);
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
    return FlowView.of(await this.flows.update(principal.tenantId, id, body, principalRef(principal)));
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
    await this.flows.archive(principal.tenantId, id);
  }
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AdminOnly,
  CurrentPrincipal,
  RequireScope,
  type Principal,
} from '../../../../platform/access/auth.decorators';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { GetEnforcementRunPlanQuery } from '../../application/get-enforcement-run-plan/get-enforcement-run-plan.query';
import { GetEnforcementRunsQuery } from '../../application/get-enforcement-runs/get-enforcement-runs.query';
import { GetEnforcementSettingsQuery } from '../../application/get-enforcement-settings/get-enforcement-settings.query';
import { GetPauseStateQuery } from '../../application/get-pause-state/get-pause-state.query';
import { PauseEnforcementCommand } from '../../application/pause-enforcement/pause-enforcement.command';
import { ResumeEnforcementCommand } from '../../application/resume-enforcement/resume-enforcement.command';
import { StartEnforcementRunCommand } from '../../application/start-enforcement-run/start-enforcement-run.command';
import { UpdateEnforcementSettingsCommand } from '../../application/update-enforcement-settings/update-enforcement-settings.command';
import {
  EnforcementActionView,
  EnforcementRunDetailView,
  EnforcementRunPage,
  EnforcementRunView,
  EnforcementSettingsRequest,
  EnforcementSettingsView,
  PauseStateView,
  RunActionsQuery,
  StartedRunView,
  StartRunRequest,
} from './enforcement.dto';
import { PageQuery } from '../../../../platform/http/page-query.dto';

const who = (p: Principal) => (p.userId ? `user:${p.userId}` : `api_key:${p.apiKeyId ?? '?'}`);

@ApiTags('enforcement')
@ApiBearerAuth()
@Controller('api/v1/enforcement')
export class EnforcementController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('runs')
  @RequireScope('enforcement:write')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start a reconcile run (dry runs for operators; real and forced runs need an admin)',
    description:
      '202 with the run id; follow it with GET /api/v1/enforcement/runs/{id}. 409 while another run is planning ' +
      'or when enforcement is paused (dry runs are always allowed).',
  })
  @ApiAcceptedResponse({ type: StartedRunView })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Body() body: StartRunRequest,
  ): Promise<StartedRunView> {
    const run = await this.commands.execute(
      new StartEnforcementRunCommand(principal.tenantId, {
        trigger: 'api',
        dryRun: body.dryRun,
        force: body.force,
        usernames: body.usernames,
        requestedBy: who(principal),
        actorRole: principal.role,
      }),
    );
    return { id: run.id, status: run.status };
  }

  @Get('runs')
  @RequireScope('enforcement:read')
  @ApiOperation({ summary: 'Reconcile runs, newest first' })
  @ApiOkResponse({ type: EnforcementRunPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() page: PageQuery,
  ): Promise<EnforcementRunPage> {
    const { items, total } = await this.queries.execute(
      new GetEnforcementRunsQuery(principal.tenantId, page.limit, page.offset),
    );
    return { items: items.map(EnforcementRunView.of), total, limit: page.limit, offset: page.offset };
  }

  @Get('runs/:id')
  @RequireScope('enforcement:read')
  @ApiOperation({
    summary: 'A run with its counts and its actions (paged; NoChange left out unless includeNoChange=true)',
  })
  @ApiOkResponse({ type: EnforcementRunDetailView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: RunActionsQuery,
  ): Promise<EnforcementRunDetailView> {
    const { run, actions } = await this.queries.execute(
      new GetEnforcementRunPlanQuery(principal.tenantId, id, {
        includeNoChange: query.includeNoChange,
        limit: query.limit,
        offset: query.offset,
        outcome: query.outcome,
      }),
    );
    return {
      ...EnforcementRunView.of(run),
      actions: {
        items: actions.items.map(EnforcementActionView.of),
        total: actions.total,
        limit: query.limit,
        offset: query.offset,
      },
    };
  }

  @Get('state')
  @RequireScope('enforcement:read')
  @ApiOperation({ summary: 'Whether enforcement is paused for this tenant (and the global kill switch)' })
  @ApiOkResponse({ type: PauseStateView })
  state_(@CurrentPrincipal() principal: Principal): Promise<PauseStateView> {
    return this.queries.execute(new GetPauseStateQuery(principal.tenantId));
  }

  @Post('pause')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pause: no Magnus writes for this tenant (queued actions are skipped) until resumed',
  })
  @ApiOkResponse({ type: PauseStateView })
  pause(@CurrentPrincipal() principal: Principal): Promise<PauseStateView> {
    return this.commands.execute(new PauseEnforcementCommand(principal.tenantId, who(principal)));
  }

  @Post('resume')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume enforcement for this tenant' })
  @ApiOkResponse({ type: PauseStateView })
  resume(@CurrentPrincipal() principal: Principal): Promise<PauseStateView> {
    return this.commands.execute(new ResumeEnforcementCommand(principal.tenantId, who(principal)));
  }

  @Get('settings')
  @RequireScope('enforcement:read')
  @ApiOperation({ summary: 'Status mapping, blocked values, allow-list and safety breaker limits' })
  @ApiOkResponse({ type: EnforcementSettingsView })
  settings(@CurrentPrincipal() principal: Principal): Promise<EnforcementSettingsView> {
    return this.queries.execute(new GetEnforcementSettingsQuery(principal.tenantId));
  }

  @Put('settings')
  @AdminOnly()
  @ApiOperation({
    summary: 'Change some settings; the result is checked as a whole (422 lists every problem)',
  })
  @ApiOkResponse({ type: EnforcementSettingsView })
  updateSettings(
    @CurrentPrincipal() principal: Principal,
    @Body() body: EnforcementSettingsRequest,
  ): Promise<EnforcementSettingsView> {
    const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    return this.commands.execute(new UpdateEnforcementSettingsCommand(principal.tenantId, patch));
  }
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  principalRef,
  RequireScope,
  type Principal,
} from '../../../../platform/access/auth.decorators';
import { AssignCaseCommand } from '../../application/assign-case/assign-case.command';
import { GetCaseQuery } from '../../application/get-case/get-case.query';
import { GetEscalationStatsQuery } from '../../application/get-escalation-stats/get-escalation-stats.query';
import { ListCasesQuery } from '../../application/list-cases/list-cases.query';
import type { CaseDetail, CaseStats, CaseSummary } from '../../application/ports/case.read-model';
import { TransitionCaseCommand } from '../../application/transition-case/transition-case.command';
import { AssignRequest, CasesQuery, TransitionRequest } from './cases.dto';

/** Collection cases, for the collections team. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/cases')
export class CasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequireScope('cases:read')
  @ApiOperation({ summary: 'Collection cases, newest first, by state and free text' })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CasesQuery,
  ): Promise<{ items: CaseSummary[]; total: number }> {
    return this.queries.execute(
      new ListCasesQuery(principal.tenantId, {
        state: query.state,
        q: query.q,
        limit: query.limit,
        offset: query.offset,
      }),
    );
  }

  @Get('stats')
  @RequireScope('cases:read')
  @ApiOperation({ summary: 'Cases by state, amount still in collection, amount recovered, CRM links' })
  stats(@CurrentPrincipal() principal: Principal): Promise<CaseStats> {
    return this.queries.execute(new GetEscalationStatsQuery(principal.tenantId));
  }

  @Get(':id')
  @RequireScope('cases:read')
  @ApiOperation({ summary: 'A case with its debts and its whole history' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CaseDetail> {
    return this.queries.execute(new GetCaseQuery(principal.tenantId, id));
  }

  @Post(':id/transition')
  @RequireScope('cases:write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move a case: open → in_negotiation → agreement → settled | written_off | returned',
  })
  async transition(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TransitionRequest,
  ): Promise<CaseDetail> {
    await this.commands.execute(
      new TransitionCaseCommand(principal.tenantId, id, body.to, principalRef(principal), body.note ?? null),
    );
    return this.queries.execute(new GetCaseQuery(principal.tenantId, id));
  }

  @Post(':id/assign')
  @RequireScope('cases:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the case to someone (null: nobody)' })
  async assign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AssignRequest,
  ): Promise<CaseDetail> {
    await this.commands.execute(
      new AssignCaseCommand(
        principal.tenantId,
        id,
        body.assignee,
        principalRef(principal),
        body.note ?? null,
      ),
    );
    return this.queries.execute(new GetCaseQuery(principal.tenantId, id));
  }
}

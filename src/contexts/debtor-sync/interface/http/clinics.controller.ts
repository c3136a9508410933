import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AdminOnly,
  CurrentPrincipal,
  RequireScope,
  type Principal,
} from '../../../../platform/access/auth.decorators';
import { ChangeCoverageCommand } from '../../application/change-coverage/change-coverage.command';
import { ListCoveredClinicsQuery } from '../../application/list-covered-clinics/list-covered-clinics.query';
import { RegisterCoverageCommand } from '../../application/register-coverage/register-coverage.command';
import {
  CoveredClinicsView,
  CoveredClinicView,
  DebtorSyncRunView,
  RegisterCoverageRequest,
  RegisterCoverageView,
} from './debtor-sync.dto';

@ApiTags('debtors')
@ApiBearerAuth()
@Controller('api/v1/debtors/clinics')
export class ClinicsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @AdminOnly()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Cover a clinic found in the clinic API by name or externalId, and start its initial sync',
    description: 'No match answers 404; several matches answer 409 with `matches` listing them.',
  })
  @ApiCreatedResponse({ type: RegisterCoverageView })
  async register(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RegisterCoverageRequest,
  ): Promise<RegisterCoverageView> {
    const by = body.externalId !== undefined ? { externalId: body.externalId } : { name: body.name! };
    const result = await this.commands.execute(new RegisterCoverageCommand(principal.tenantId, by));
    return {
      clinic: CoveredClinicView.of(result.clinic),
      created: result.created,
      run: result.run && DebtorSyncRunView.of(result.run),
    };
  }

  @Get()
  @RequireScope('debtors:read')
  @ApiOkResponse({ type: CoveredClinicsView })
  async list(@CurrentPrincipal() principal: Principal): Promise<CoveredClinicsView> {
    const clinics = await this.queries.execute(new ListCoveredClinicsQuery(principal.tenantId));
    return { items: clinics.map(CoveredClinicView.of) };
  }

  @Post(':id/pause')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a coverage: no sync, and the cadence of its contracts stops' })
  @ApiOkResponse({ type: CoveredClinicView })
  pause(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.change(principal, id, 'pause');
  }

  @Post(':id/resume')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused coverage (the next sync announces open debts again)' })
  @ApiOkResponse({ type: CoveredClinicView })
  resume(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.change(principal, id, 'resume');
  }

  @Post(':id/end')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'End a coverage (register the clinic again to cover it anew)' })
  @ApiOkResponse({ type: CoveredClinicView })
  end(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.change(principal, id, 'end');
  }

  private async change(
    principal: Principal,
    id: string,
    action: 'pause' | 'resume' | 'end',
  ): Promise<CoveredClinicView> {
    return CoveredClinicView.of(
      await this.commands.execute(new ChangeCoverageCommand(principal.tenantId, id, action)),
    );
  }
}

import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AdminOnly,
  CurrentPrincipal,
  RequireScope,
  type Principal,
} from '../../../../platform/access/auth.decorators';
import { EscalateOverdueDebtsCommand } from '../../application/escalate-overdue-debts/escalate-overdue-debts.command';
import { GetEscalationSettingsQuery } from '../../application/get-escalation-settings/get-escalation-settings.query';
import { LinkCasesToCrmCommand } from '../../application/link-cases-to-crm/link-cases-to-crm.command';
import type { EscalationPreview } from '../../application/preview-escalation/preview-escalation.query';
import { PreviewEscalationQuery } from '../../application/preview-escalation/preview-escalation.query';
import { SaveEscalationSettingsCommand } from '../../application/save-escalation-settings/save-escalation-settings.command';
import type { EscalationSettings } from '../../domain/escalation-rule';
import { EscalationDryRunRequest, EscalationSettingsRequest } from './cases.dto';

/** The escalation job: its settings, a dry run, and a run now. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/escalation')
export class EscalationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('settings')
  @RequireScope('cases:read')
  @ApiOperation({ summary: 'Threshold (days overdue), minimum amount, sources, alerts' })
  settings(@CurrentPrincipal() principal: Principal): Promise<EscalationSettings> {
    return this.queries.execute(new GetEscalationSettingsQuery(principal.tenantId));
  }

  @Put('settings')
  @AdminOnly()
  @ApiOperation({ summary: 'Change the escalation settings (fields left out are kept)' })
  save(
    @CurrentPrincipal() principal: Principal,
    @Body() body: EscalationSettingsRequest,
  ): Promise<EscalationSettings> {
    return this.commands.execute(new SaveEscalationSettingsCommand(principal.tenantId, body));
  }

  @Post('dry-run')
  @RequireScope('cases:read')
  @HttpCode(200)
  @ApiOperation({ summary: 'What the escalation job would open now (nothing is written)' })
  dryRun(
    @CurrentPrincipal() principal: Principal,
    @Body() body: EscalationDryRunRequest,
  ): Promise<EscalationPreview> {
    return this.queries.execute(new PreviewEscalationQuery(principal.tenantId, body.limit ?? 200));
  }

  @Post('runs')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Run the escalation job now, then link the new cases to the CRM' })
  async run(@CurrentPrincipal() principal: Principal) {
    const escalation = await this.commands.execute(new EscalateOverdueDebtsCommand(principal.tenantId));
    const crm = await this.commands.execute(new LinkCasesToCrmCommand(principal.tenantId));
    return { ...escalation, crm };
  }
}

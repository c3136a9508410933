import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  AdminOnly,
  CurrentPrincipal,
  RequireScope,
  type Principal,
} from '../../../../platform/access/auth.decorators';
import {
  OverdueAutomation,
  type AutomationSettings,
} from '../../application/overdue-automation/overdue-automation';
import { OptionalNotNull } from '../../../../platform/http/optional-not-null';

class AutomationSettingsRequest implements Partial<AutomationSettings> {
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 3650, default: 20 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(3650)
  thresholdDays?: number;
  @ApiPropertyOptional({ description: 'Emit ReceivableOverdueThresholdReached (default)' })
  @OptionalNotNull()
  @IsBoolean()
  emitEvent?: boolean;
  @ApiPropertyOptional({ description: 'Open an IXC ticket (su_ticket)' })
  @OptionalNotNull()
  @IsBoolean()
  openTicket?: boolean;
  @ApiPropertyOptional({ description: 'IXC `id_assunto` of the ticket' })
  @OptionalNotNull()
  @Matches(/^\d{1,9}$/)
  ticketSubjectId?: string;
  @ApiPropertyOptional({ description: 'IXC `id_ticket_setor` of the ticket' })
  @OptionalNotNull()
  @Matches(/^\d{1,9}$/)
  ticketSectorId?: string;
  @ApiPropertyOptional({
    description: 'Ticket title; {receivableId}, {daysOverdue}, {customerId} are replaced',
  })
  @OptionalNotNull()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  ticketTitle?: string;
}

class DryRunRequest {
  @ApiPropertyOptional({ type: [String], description: 'Only these receivables (IXC ids); default: all' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(/^\d{1,18}$/, { each: true })
  receivableIds?: string[];
}

@ApiTags('ixc')
@ApiBearerAuth()
@Controller('api/v1/ixc/automation')
export class AutomationController {
  constructor(private readonly automation: OverdueAutomation) {}

  @Get('settings')
  @RequireScope('ixc:read')
  @ApiOperation({ summary: 'The N-days-overdue rule of this tenant' })
  settings(@CurrentPrincipal() principal: Principal): Promise<AutomationSettings> {
    return this.automation.settings(principal.tenantId);
  }

  @Put('settings')
  @AdminOnly()
  saveSettings(
    @CurrentPrincipal() principal: Principal,
    @Body() body: AutomationSettingsRequest,
  ): Promise<AutomationSettings> {
    return this.automation.saveSettings(principal.tenantId, body);
  }

  @Post('dry-run')
  @RequireScope('ixc:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'What the rule would fire now, per receivable (nothing is written)' })
  @ApiOkResponse({ description: '{thresholdDays, enabled, actions, items, total}' })
  dryRun(@CurrentPrincipal() principal: Principal, @Body() body: DryRunRequest) {
    return this.automation.dryRun(principal.tenantId, body.receivableIds);
  }

  @Post('runs')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Fire the rule now (each receivable once per threshold) and reconcile tickets' })
  run(@CurrentPrincipal() principal: Principal) {
    return this.automation.run(principal.tenantId);
  }
}

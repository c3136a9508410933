import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ProblemDetails } from '../../../http/problem-details';
import { AdminOnly, CurrentPrincipal, type Principal } from '../../auth.decorators';
import { ConfigureIntegration } from '../../integrations/configure-integration';
import { INTEGRATION_SYSTEMS } from '../../integrations/integration-systems';
import {
  IntegrationList,
  IntegrationResponse,
  PutIntegrationRequest,
  SecretStatusResponse,
} from './dto/integration.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiExtraModels(SecretStatusResponse)
@ApiForbiddenResponse({ type: ProblemDetails, description: 'Not an admin' })
@AdminOnly()
@Controller('api/v1/admin/integrations')
export class IntegrationsController {
  constructor(private readonly integrations: ConfigureIntegration) {}

  @Get()
  @ApiOperation({
    summary: "Your tenant's integrations: settings, and which secrets are set (never their values)",
  })
  @ApiOkResponse({ type: IntegrationList })
  async list(@CurrentPrincipal() principal: Principal): Promise<IntegrationList> {
    return { items: await this.integrations.list(principal.tenantId) };
  }

  @Put(':system')
  @ApiOperation({ summary: "Set an integration's settings and secrets (secrets are stored encrypted)" })
  @ApiParam({ name: 'system', enum: INTEGRATION_SYSTEMS })
  @ApiOkResponse({ type: IntegrationResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'Unknown system' })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('system') system: string,
    @Body() body: PutIntegrationRequest,
  ): Promise<IntegrationResponse> {
    return this.integrations.execute(principal.tenantId, system, body);
  }
}

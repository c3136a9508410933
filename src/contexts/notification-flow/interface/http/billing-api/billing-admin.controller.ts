import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ResourceNotFoundError } from '../../../../../platform/access/access.errors';
import { ApiKeyStore } from '../../../../../platform/access/api-keys/api-key.store';
import { IssueApiKey } from '../../../../../platform/access/api-keys/issue-api-key';
import { AdminOnly, CurrentPrincipal, type Principal } from '../../../../../platform/access/auth.decorators';
import { Idempotent } from '../../../../../platform/access/idempotency/idempotent.decorator';
import {
  ApiKeyPage,
  ApiKeyResponse,
  CreatedApiKeyResponse,
} from '../../../../../platform/access/interface/http/dto/api-key.dto';
import { PageQuery } from '../../../../../platform/http/page-query.dto';
import { ProblemDetails } from '../../../../../platform/http/problem-details';
import { GetBillingStatsQuery } from '../../../application/get-billing-stats/get-billing-stats.query';
import { ListBillingCampaignsQuery } from '../../../application/list-billing-campaigns/list-billing-campaigns.query';
import {
  CreateBillingTemplateCommand,
  DeleteBillingTemplateCommand,
  ListBillingTemplatesQuery,
  UpdateBillingTemplateCommand,
} from '../../../application/manage-billing-templates/billing-template-commands';
import { BILLING_API_PATHS } from './billing-api.controller';
import {
  BillingTemplateDto,
  BillingTemplatePageDto,
  CreateBillingApiKeyRequest,
  CreateBillingTemplateRequest,
  UpdateBillingTemplateRequest,
} from './billing-templates.dto';
import { BillingCampaignsPageDto, BillingStatsDto } from './billing-views.dto';

/** Seed 003's admin endpoints (JWT admins, or admin-scoped keys): keys, templates, campaigns, stats. */
@ApiTags('billing-api')
@ApiBearerAuth()
@AdminOnly()
@Controller(BILLING_API_PATHS)
export class BillingAdminController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly issue: IssueApiKey,
    private readonly keys: ApiKeyStore,
  ) {}

  @Get('api-keys')
  @ApiOperation({ summary: "The tenant's API keys (the platform's keys; billing uses scope billing:send)" })
  @ApiOkResponse({ type: ApiKeyPage })
  async listKeys(@CurrentPrincipal() p: Principal, @Query() page: PageQuery): Promise<ApiKeyPage> {
    return ApiKeyPage.of(await this.keys.page(p.tenantId, page.limit, page.offset), page);
  }

  @Post('api-keys')
  @Idempotent()
  @ApiOperation({ summary: 'A new key with scope billing:send (the secret is shown once)' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  async createKey(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateBillingApiKeyRequest,
  ): Promise<CreatedApiKeyResponse> {
    const { key, token } = await this.issue.execute(p, {
      name: body.name,
      scopes: ['billing:send'],
      expiresAt: body.expires_at,
      allowedIps: body.allowed_ips,
    });
    return { ...ApiKeyResponse.of(key), secret: token };
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revokes a key at once' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async revokeKey(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    if (!(await this.keys.revoke(p.tenantId, id))) throw new ResourceNotFoundError('API key', id);
  }

  @Get('templates')
  @ApiOperation({ summary: 'Billing templates with their variations' })
  @ApiOkResponse({ type: BillingTemplatePageDto })
  async listTemplates(@CurrentPrincipal() p: Principal): Promise<BillingTemplatePageDto> {
    const items = await this.queries.execute(new ListBillingTemplatesQuery(p.tenantId));
    return { items, total: items.length };
  }

  @Post('templates')
  @Idempotent()
  @ApiOperation({
    summary: 'A billing template: variations rotate per contact; {{variavel}}, {{#if x}}, {{#unless x}}',
  })
  @ApiCreatedResponse({ type: BillingTemplateDto })
  createTemplate(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateBillingTemplateRequest,
  ): Promise<BillingTemplateDto> {
    return this.commands.execute(new CreateBillingTemplateCommand(p.tenantId, body));
  }

  @Patch('templates/:id')
  @ApiOperation({ summary: 'Changes the fields given; variations, when given, replace them all' })
  @ApiOkResponse({ type: BillingTemplateDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  updateTemplate(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateBillingTemplateRequest,
  ): Promise<BillingTemplateDto> {
    return this.commands.execute(new UpdateBillingTemplateCommand(p.tenantId, id, body));
  }

  @Delete('templates/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted (campaigns keep the texts they were created with)' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async deleteTemplate(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    await this.commands.execute(new DeleteBillingTemplateCommand(p.tenantId, id));
  }

  @Get('campaigns')
  @ApiOperation({ summary: 'Billing campaigns, newest first' })
  @ApiOkResponse({ type: BillingCampaignsPageDto })
  campaigns(@CurrentPrincipal() p: Principal, @Query() page: PageQuery): Promise<BillingCampaignsPageDto> {
    return this.queries.execute(new ListBillingCampaignsQuery(p.tenantId, page.limit, page.offset));
  }

  @Get('stats')
  @ApiOperation({ summary: 'Billing API totals: campaigns, contacts by outcome, success rate' })
  @ApiOkResponse({ type: BillingStatsDto })
  stats(@CurrentPrincipal() p: Principal): Promise<BillingStatsDto> {
    return this.queries.execute(new GetBillingStatsQuery(p.tenantId));
  }
}

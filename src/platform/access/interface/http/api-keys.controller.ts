import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ProblemDetails } from '../../../http/problem-details';
import { ResourceNotFoundError } from '../../access.errors';
import { ApiKeyStore } from '../../api-keys/api-key.store';
import { IssueApiKey } from '../../api-keys/issue-api-key';
import { AdminOnly, CurrentPrincipal, type Principal } from '../../auth.decorators';
import { Idempotent } from '../../idempotency/idempotent.decorator';
import { ApiKeyPage, ApiKeyResponse, CreateApiKeyRequest, CreatedApiKeyResponse } from './dto/api-key.dto';
import { PageQuery } from '../../../http/page-query.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ProblemDetails, description: 'Not an admin' })
@AdminOnly()
@Controller('api/v1/admin/api-keys')
export class ApiKeysController {
  constructor(
    private readonly issue: IssueApiKey,
    private readonly keys: ApiKeyStore,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Create an API key for a machine caller',
    description:
      'Send it as `Authorization: Bearer <key>` or `X-Billing-API-Key: <key>`. The answer is the only time the whole key is shown.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApiKeyRequest,
  ): Promise<CreatedApiKeyResponse> {
    const { key, token } = await this.issue.execute(principal, body);
    return { ...ApiKeyResponse.of(key), secret: token };
  }

  @Get()
  @ApiOperation({ summary: "Your tenant's API keys, newest first (by prefix; never the secret)" })
  @ApiOkResponse({ type: ApiKeyPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<ApiKeyPage> {
    return ApiKeyPage.of(await this.keys.page(principal.tenantId, page.limit, page.offset), page);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One API key of your tenant' })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ApiKeyResponse> {
    const key = await this.keys.find(principal.tenantId, id);
    if (!key) throw new ResourceNotFoundError('API key', id);
    return ApiKeyResponse.of(key);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key: it stops working at once (revoking twice is fine)' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    if (!(await this.keys.revoke(principal.tenantId, id))) throw new ResourceNotFoundError('API key', id);
  }
}

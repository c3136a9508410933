import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import {
  ApiAcceptedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  CurrentPrincipal,
  RequireScope,
  type Principal,
} from '../../../../../platform/access/auth.decorators';
import { Idempotent } from '../../../../../platform/access/idempotency/idempotent.decorator';
import { ProblemDetails } from '../../../../../platform/http/problem-details';
import { GetBillingQueueStatusQuery } from '../../../application/get-billing-queue-status/get-billing-queue-status.query';
import { ListCampaignContactsQuery } from '../../../application/list-campaign-contacts/list-campaign-contacts.query';
import { SendBillingCampaignCommand } from '../../../application/send-billing-campaign/send-billing-campaign.command';
import type { BillingType } from '../../../domain/billing/billing-contact';
import {
  CampaignContactsQuery,
  externalIdOf,
  SendBillingRequest,
  SendBillingResponse,
} from './billing-send.dto';
import { BillingQueueResponse, CampaignContactsResponse } from './billing-views.dto';

/** Seed 003's base path (drop-in: an ERP changes only host and key) and Régua's own; one implementation. */
export const BILLING_API_PATHS = ['api/billing/v1/billing', 'api/v1/billing'];

const KEY_HEADER = {
  name: 'X-Billing-API-Key',
  required: false,
  description: 'An API key with scope billing:send (or send it as Authorization: Bearer <key>)',
};

const REPLAYED_HEADER = 'Idempotent-Replayed';

const ACCEPTED = {
  type: SendBillingResponse,
  description:
    'Campaign accepted; its contacts are sent asynchronously (follow queue_id). A resend with the same ' +
    "external_id or Idempotency-Key answers 202 again with the first campaign's ids and the header " +
    'Idempotent-Replayed: true; nothing new is created',
  headers: {
    [REPLAYED_HEADER]: {
      description: 'true when this answer is a replay of an earlier request (nothing was created)',
      schema: { type: 'string', enum: ['true'] },
    },
  },
};

/**
 * The public billing API of seed 003: an ERP sends overdue/upcoming/notification campaigns and follows
 * them. A send answers 202 Accepted (sending is asynchronous) with the seed's body (`success`,
 * `message`, `campaign_id`, `queue_id`, `total_contacts`); a resend answers 202 again, marked
 * `Idempotent-Replayed: true` (the seed answered 200; its ERPs check for 2xx). Errors are problem+json
 * that also carry the seed's `success: false` and `message`.
 */
@ApiTags('billing-api')
@ApiSecurity('billing-api-key')
@ApiHeader(KEY_HEADER)
@ApiTooManyRequestsResponse({ type: ProblemDetails, description: 'Per-key rate limit; see Retry-After' })
@Controller(BILLING_API_PATHS)
export class BillingApiController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('send/overdue')
  @HttpCode(202)
  @RequireScope('billing:send')
  @Idempotent()
  @ApiOperation({
    summary: 'Cobrança atrasada: a campaign sent within business hours (paused outside, resumed by itself)',
  })
  @ApiAcceptedResponse(ACCEPTED)
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'Bad rows (contact_errors); nothing created',
  })
  @ApiResponse({ status: 409, type: ProblemDetails, description: 'external_id reused with other contacts' })
  overdue(
    @CurrentPrincipal() p: Principal,
    @Body() body: SendBillingRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SendBillingResponse> {
    return this.send(p, 'overdue', body, res);
  }

  @Post('send/upcoming')
  @HttpCode(202)
  @RequireScope('billing:send')
  @Idempotent()
  @ApiOperation({ summary: 'Cobrança a vencer: a campaign sent within business hours' })
  @ApiAcceptedResponse(ACCEPTED)
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'Bad rows (contact_errors); nothing created',
  })
  @ApiResponse({ status: 409, type: ProblemDetails, description: 'external_id reused with other contacts' })
  upcoming(
    @CurrentPrincipal() p: Principal,
    @Body() body: SendBillingRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SendBillingResponse> {
    return this.send(p, 'upcoming', body, res);
  }

  @Post('send/notification')
  @HttpCode(202)
  @RequireScope('billing:send')
  @Idempotent()
  @ApiOperation({ summary: 'Notificação/aviso: sent 24/7 (business hours do not apply)' })
  @ApiAcceptedResponse(ACCEPTED)
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'Bad rows (contact_errors); nothing created',
  })
  @ApiResponse({ status: 409, type: ProblemDetails, description: 'external_id reused with other contacts' })
  notification(
    @CurrentPrincipal() p: Principal,
    @Body() body: SendBillingRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SendBillingResponse> {
    return this.send(p, 'notification', body, res);
  }

  @Get('queue/:id/status')
  @RequireScope('billing:send')
  @ApiOperation({ summary: "A campaign's queue: counts by status, progress, why it waits and until when" })
  @ApiOkResponse({ type: BillingQueueResponse })
  async queueStatus(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) queueId: string,
  ): Promise<BillingQueueResponse> {
    const queue = await this.queries.execute(new GetBillingQueueStatusQuery(p.tenantId, queueId));
    return { success: true, queue };
  }

  @Get('campaign/:id/contacts')
  @RequireScope('billing:send')
  @ApiOperation({
    summary: "A campaign's contacts in request order: status, sent_at, error, message id (paged)",
  })
  @ApiOkResponse({ type: CampaignContactsResponse })
  contacts(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) campaignId: string,
    @Query() query: CampaignContactsQuery,
  ): Promise<CampaignContactsResponse> {
    return this.queries.execute(
      new ListCampaignContactsQuery(
        p.tenantId,
        campaignId,
        query.status ?? null,
        query.page,
        query.page_size,
      ),
    );
  }

  private async send(
    p: Principal,
    type: BillingType,
    body: SendBillingRequest,
    res: Response,
  ): Promise<SendBillingResponse> {
    const r = await this.commands.execute(
      new SendBillingCampaignCommand(p.tenantId, type, {
        templateType: body.template_type,
        contacts: body.contacts,
        externalId: externalIdOf(body.external_id),
        apiKeyId: p.apiKeyId ?? null,
      }),
    );
    // Same status as the first answer, like an Idempotency-Key replay (IdempotencyInterceptor).
    if (r.replayed) res.setHeader(REPLAYED_HEADER, 'true');
    return {
      success: true,
      message: r.replayed ? 'Campanha já criada com este external_id' : 'Campanha criada com sucesso',
      campaign_id: r.campaignId,
      queue_id: r.queueId,
      total_contacts: r.totalContacts,
      skipped_contacts: r.skippedContacts,
      external_id: r.externalId,
      replayed: r.replayed,
    };
  }
}

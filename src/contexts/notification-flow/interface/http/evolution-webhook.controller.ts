import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthenticatedError } from '../../../../platform/access/access.errors';
import { Public } from '../../../../platform/access/auth.decorators';
import { IntegrationSecrets } from '../../../../platform/access/integrations/integration-secrets';
import { RequestValidationException } from '../../../../platform/http/validation';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { FindTenantBySlugQuery } from '../../../../platform/access/contracts';
import { RecordDeliveryFeedbackCommand } from '../../application/record-delivery-feedback/record-delivery-feedback.command';
import { parseEvolutionWebhook } from './evolution-webhook.parser';

export class WebhookReceiptView {
  @ApiProperty() received!: boolean;
  @ApiProperty({ description: 'Acks recorded in the contact history' }) acks!: number;
  @ApiProperty({ description: 'Replies recorded' }) replies!: number;
  @ApiProperty({ description: 'Debtors opted out by a stop word (SAIR, PARAR, STOP)' }) optOuts!: number;
  @ApiProperty({ description: 'Items about unknown messages or senders, or other events' }) ignored!: number;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Evolution API delivery feedback for one tenant. No user credentials: Evolution sends the headers it
 * was configured with, so the webhook is set with `Authorization: Bearer <the tenant's evolution
 * webhookSecret>` (and `byEvents: false`, events MESSAGES_UPDATE and MESSAGES_UPSERT).
 */
@ApiTags('webhooks')
@Controller('api/v1/webhooks/evolution')
export class EvolutionWebhookController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly secrets: IntegrationSecrets,
  ) {}

  @Post(':tenant')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Evolution webhook: message acks (messages.update) and replies (messages.upsert)',
    description:
      'Authenticated by `Authorization: Bearer <webhookSecret>` (the tenant’s `evolution` integration secret); ' +
      'wrong or missing secret and unknown tenant alike → 401 (slugs cannot be probed), malformed event → 400. ' +
      'Acks are appended to the contact ' +
      'history of the message’s schedule; a reply SAIR / PARAR / STOP opts the sender out.',
  })
  @ApiBody({
    schema: { type: 'object', properties: { event: { type: 'string' }, data: { type: 'object' } } },
  })
  @ApiOkResponse({ type: WebhookReceiptView })
  async receive(
    @Param('tenant') slug: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<WebhookReceiptView> {
    const known = (await this.queries.execute(new FindTenantBySlugQuery(slug))) ?? undefined;
    const tenantId = await this.authenticate(known, authorization);
    const events = parseEvolutionWebhook(body);
    if (typeof events === 'string')
      throw new RequestValidationException([{ field: 'body', messages: [events] }]);
    const outcome = await this.commands.execute(new RecordDeliveryFeedbackCommand(tenantId, events));
    return { received: true, ...outcome };
  }

  /** An unknown tenant gets the same 401 as a wrong secret: the answer must not tell which slugs exist. */
  private async authenticate(
    tenantId: string | undefined,
    authorization: string | undefined,
  ): Promise<string> {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    const expected = tenantId && (await this.secrets.get(tenantId, 'evolution', 'webhookSecret'));
    // Hashes have the same length whatever was presented: the comparison takes constant time.
    const ok = timingSafeEqual(digest(presented ?? ''), digest(expected ?? '')) && !!presented && !!expected;
    if (!ok || !tenantId) throw new UnauthenticatedError('Missing or invalid webhook secret');
    return tenantId;
  }
}

import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../../../platform/access/auth.decorators';
import { ReceivePaymentWebhookCommand } from '../../application/receive-payment-webhook/receive-payment-webhook.command';
import { isPaymentProvider, PAYMENT_PROVIDERS } from '../../domain/provider-notifications';
import { WebhookReceiverNotFoundError } from '../../payments.errors';
import { WebhookAck } from './payments.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Route prefix whose bodies the HTTP stack keeps as raw bytes (src/bootstrap/create-app.ts). */
export const PAYMENT_WEBHOOKS_PATH = '/api/v1/webhooks/payments';

/**
 * Payment gateways call this; no user credentials — each delivery is verified by its provider's
 * signature against the body's raw bytes before anything is parsed.
 */
@ApiTags('webhooks')
@Controller(PAYMENT_WEBHOOKS_PATH.slice(1))
export class PaymentWebhookController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':provider/:tenant')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Payment webhook of one provider for one tenant (signature-verified)',
    description:
      'regua: `X-Regua-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`; mercadopago: `x-signature` + ' +
      '`x-request-id`; asaas: `asaas-access-token`. Bad, missing or stale signature → 401 and nothing stored; ' +
      'unknown tenant or provider not configured → 404; a replayed or duplicated event → 200, nothing changes.',
  })
  @ApiParam({ name: 'provider', enum: PAYMENT_PROVIDERS })
  @ApiParam({ name: 'tenant', description: 'the tenant id (uuid)' })
  @ApiBody({ schema: { type: 'object', description: "the provider's notification, as it sends it" } })
  @ApiOkResponse({ type: WebhookAck })
  async receive(
    @Param('provider') provider: string,
    @Param('tenant') tenant: string,
    @Req() req: Request,
  ): Promise<WebhookAck> {
    if (!isPaymentProvider(provider) || !UUID.test(tenant)) throw new WebhookReceiverNotFoundError();
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const outcome = await this.commands.execute(
      new ReceivePaymentWebhookCommand(tenant.toLowerCase(), provider, {
        rawBody,
        headers: flat(req.headers),
        query: flat(req.query as Record<string, unknown>),
      }),
    );
    return { received: true, outcome };
  }
}

/** Single string values only: a repeated header or query parameter is read as absent. */
function flat(values: Record<string, unknown>): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? v : undefined]),
  );
}

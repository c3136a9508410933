import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUrl, MaxLength } from 'class-validator';
import { AdminOnly, CurrentPrincipal, type Principal } from '../../../../platform/access/auth.decorators';
import { CommandBus } from '@nestjs/cqrs';
import {
  RegisterWhatsappWebhookCommand,
  type WhatsappWebhookRegistered,
} from '../../application/register-whatsapp-webhook/register-whatsapp-webhook.command';

export class RegisterWhatsappWebhookRequest {
  @ApiProperty({
    example: 'https://regua.example.com',
    description: 'How Evolution reaches this API (scheme, host, port); the webhook path is appended',
  })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(500)
  publicBaseUrl!: string;
}

export class WhatsappWebhookView implements WhatsappWebhookRegistered {
  @ApiProperty({ example: 'https://regua.example.com/api/v1/webhooks/evolution/acme' }) url!: string;
  @ApiProperty({ type: [String], example: ['MESSAGES_UPDATE', 'MESSAGES_UPSERT'] }) events!: string[];
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications/whatsapp')
export class WhatsappController {
  constructor(private readonly commands: CommandBus) {}

  @Post('webhook')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Point the tenant’s Evolution instance at Régua’s delivery-feedback webhook',
    description:
      'Sets the instance webhook (`/webhook/set/{instance}`) to `{publicBaseUrl}/api/v1/webhooks/evolution/{slug}` ' +
      'with `Authorization: Bearer <webhookSecret>` (generated and stored if the tenant has none), events ' +
      'MESSAGES_UPDATE and MESSAGES_UPSERT. 409 when the tenant has no usable Evolution integration, 503 when ' +
      'Evolution refuses or cannot be reached.',
  })
  @ApiOkResponse({ type: WhatsappWebhookView })
  register(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RegisterWhatsappWebhookRequest,
  ): Promise<WhatsappWebhookView> {
    return this.commands.execute(new RegisterWhatsappWebhookCommand(principal.tenantId, body.publicBaseUrl));
  }
}

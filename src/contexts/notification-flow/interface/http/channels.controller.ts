import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  principalRef,
  RequireScope,
  type Principal,
} from '../../../../platform/access/auth.decorators';
import { GetChannelStatesQuery } from '../../application/get-channel-states/get-channel-states.query';
import { ResumeWhatsappCommand } from '../../application/resume-whatsapp/resume-whatsapp.command';
import { ChannelStateList, ResumeWhatsappView } from './channels.dto';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications/channels')
export class ChannelsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @RequireScope('notifications:read')
  @ApiOperation({
    summary: 'Whether each channel is sending or paused (since when, why, how many messages wait)',
    description:
      'WhatsApp pauses for the tenant when its Evolution instance is not `open`; messages are deferred, never ' +
      'dropped. The scheduler probes the instance every NOTIFY_PAUSE_PROBE_INTERVAL_MS and resumes by itself.',
  })
  @ApiOkResponse({ type: ChannelStateList })
  async list(@CurrentPrincipal() principal: Principal): Promise<ChannelStateList> {
    return { items: await this.queries.execute(new GetChannelStatesQuery(principal.tenantId)) };
  }

  @Post('whatsapp/resume')
  @RequireScope('notifications:write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'End the WhatsApp pause now: the messages it held go out on the next dispatch pass',
    description: 'Idempotent. If the instance is still not `open`, the next send pauses WhatsApp again.',
  })
  @ApiOkResponse({ type: ResumeWhatsappView })
  resume(@CurrentPrincipal() principal: Principal): Promise<ResumeWhatsappView> {
    return this.commands.execute(new ResumeWhatsappCommand(principal.tenantId, principalRef(principal)));
  }
}

import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AdminOnly,
  CurrentPrincipal,
  RequireScope,
  type Principal,
} from '../../../../platform/access/auth.decorators';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { GetNotificationSettingsQuery } from '../../application/get-notification-settings/get-notification-settings.query';
import { UpdateNotificationSettingsCommand } from '../../application/update-notification-settings/update-notification-settings.command';
import type { StoredSettings } from '../../domain/notification-settings';
import { InvalidNotificationSettingsError } from '../../notification-flow.errors';
import { DayWindowView, NotificationSettingsRequest, NotificationSettingsView } from './settings.dto';

const isWindow = (w: unknown) =>
  w === null ||
  (typeof w === 'object' &&
    typeof (w as Record<string, unknown>).open === 'string' &&
    typeof (w as Record<string, unknown>).close === 'string');

@ApiTags('notifications')
@ApiBearerAuth()
@ApiExtraModels(DayWindowView)
@Controller('api/v1/notifications/settings')
export class NotificationSettingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequireScope('notifications:read')
  @ApiOperation({ summary: 'Business hours, extra closed days, throttles per channel, company name, on/off' })
  @ApiOkResponse({ type: NotificationSettingsView })
  get(@CurrentPrincipal() principal: Principal): Promise<NotificationSettingsView> {
    return this.queries.execute(new GetNotificationSettingsQuery(principal.tenantId));
  }

  @Put()
  @AdminOnly()
  @ApiOperation({
    summary: 'Change some settings; the result is checked as a whole (422 lists every problem)',
  })
  @ApiOkResponse({ type: NotificationSettingsView })
  update(
    @CurrentPrincipal() principal: Principal,
    @Body() body: NotificationSettingsRequest,
  ): Promise<NotificationSettingsView> {
    const week = body.businessHours?.week;
    if (week && !week.every(isWindow))
      throw new InvalidNotificationSettingsError([
        'businessHours: week entries must be {open, close} or null',
      ]);
    const throttles = body.throttles;
    if (
      throttles &&
      Object.values(throttles).some((t) => typeof t !== 'object' || t === null || Array.isArray(t))
    )
      throw new InvalidNotificationSettingsError(['throttles: each channel must be {perMinute, perDay}']);
    const patch = JSON.parse(JSON.stringify(body)) as StoredSettings;
    return this.commands.execute(new UpdateNotificationSettingsCommand(principal.tenantId, patch));
  }
}

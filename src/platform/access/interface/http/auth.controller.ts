import { Body, Controller, Get, HttpCode, Post, Put, Req, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ProblemDetails } from '../../../http/problem-details';
import { ForbiddenError } from '../../access.errors';
import { AnyPrincipal, CurrentPrincipal, Public, type Principal } from '../../auth.decorators';
import { Login } from '../../auth/login';
import { RetryAfterInterceptor } from '../../auth/retry-after';
import { ChangeOwnPasswordCommand } from '../../users/application/change-own-password/change-own-password.command';
import { AccessTokenResponse, LoginRequest, PrincipalResponse } from './dto/auth.dto';
import { ChangeOwnPasswordRequest } from './dto/user.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly login: Login,
    private readonly commands: CommandBus,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseInterceptors(RetryAfterInterceptor)
  @ApiOperation({ summary: 'Exchange email and password for a short-lived Bearer token' })
  @ApiOkResponse({ type: AccessTokenResponse })
  @ApiUnauthorizedResponse({ type: ProblemDetails, description: 'Unknown email or wrong password' })
  @ApiTooManyRequestsResponse({ type: ProblemDetails, description: 'Too many failed attempts (Retry-After)' })
  async logIn(@Body() body: LoginRequest, @Req() req: Request): Promise<AccessTokenResponse> {
    return this.login.execute(body, req.ip ?? req.socket.remoteAddress ?? '');
  }

  @Get('me')
  @AnyPrincipal()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the presented token or API key stands for' })
  @ApiOkResponse({ type: PrincipalResponse })
  me(@CurrentPrincipal() principal: Principal): PrincipalResponse {
    return principal;
  }

  @Put('password')
  @AnyPrincipal()
  @ApiBearerAuth()
  @UseInterceptors(RetryAfterInterceptor)
  @ApiOperation({
    summary: 'Change your own password (the current one is required)',
    description:
      'Every session of yours ends, this one included; the answer carries a fresh token for this client.',
  })
  @ApiOkResponse({ type: AccessTokenResponse })
  @ApiForbiddenResponse({ type: ProblemDetails, description: 'Wrong current password, or not a user' })
  @ApiTooManyRequestsResponse({ type: ProblemDetails, description: 'Too many wrong current passwords' })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangeOwnPasswordRequest,
  ): Promise<AccessTokenResponse> {
    if (principal.kind !== 'user' || !principal.userId) {
      throw new ForbiddenError('Only a logged-in user has a password to change; API keys do not');
    }
    return this.commands.execute(
      new ChangeOwnPasswordCommand(
        principal.tenantId,
        principal.userId,
        body.currentPassword,
        body.newPassword,
      ),
    );
  }
}

import { Body, Controller, Get, HttpCode, Post, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ProblemDetails } from '../../../http/problem-details';
import { AnyPrincipal, CurrentPrincipal, Public, type Principal } from '../../auth.decorators';
import { Login } from '../../auth/login';
import { RetryAfterInterceptor } from '../../auth/retry-after';
import { AccessTokenResponse, LoginRequest, PrincipalResponse } from './dto/auth.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly login: Login) {}

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
}

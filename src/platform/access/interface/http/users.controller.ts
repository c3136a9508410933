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
  Put,
  Query,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
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
import { CurrentPrincipal, principalRef, RequireScope, Roles, type Principal } from '../../auth.decorators';
import { Idempotent } from '../../idempotency/idempotent.decorator';
import { DeleteUserCommand } from '../../users/application/delete-user/delete-user.command';
import { ResetUserPasswordCommand } from '../../users/application/reset-user-password/reset-user-password.command';
import { UpdateUserCommand } from '../../users/application/update-user/update-user.command';
import { CreateUser } from '../../users/create-user';
import { UserStore } from '../../users/user.store';
import { PageQuery } from '../../../http/page-query.dto';
import {
  CreateUserRequest,
  SetPasswordRequest,
  UpdateUserRequest,
  UserPage,
  UserResponse,
} from './dto/user.dto';

const LAST_ADMIN = "The tenant's last enabled admin cannot be demoted, disabled or deleted";

@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ProblemDetails, description: 'Not an admin' })
@RequireScope('admin')
@Roles('admin')
@Controller('api/v1/admin/users')
export class UsersController {
  constructor(
    private readonly createUser: CreateUser,
    private readonly users: UserStore,
    private readonly commands: CommandBus,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Add a user (admin or operator) to your tenant' })
  @ApiCreatedResponse({ type: UserResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateUserRequest,
  ): Promise<UserResponse> {
    return UserResponse.of(await this.createUser.execute({ tenantId: principal.tenantId, ...body }));
  }

  @Get()
  @ApiOperation({ summary: "Your tenant's users" })
  @ApiOkResponse({ type: UserPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<UserPage> {
    const { items, total } = await this.users.page(principal.tenantId, page.limit, page.offset);
    return { items: items.map(UserResponse.of), total, limit: page.limit, offset: page.offset };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user of your tenant' })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<UserResponse> {
    const user = await this.users.find(principal.tenantId, id);
    if (!user) throw new ResourceNotFoundError('User', id);
    return UserResponse.of(user);
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Change a user's role or disable/enable it (a disabled user's sessions end at once)",
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: LAST_ADMIN })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateUserRequest,
  ): Promise<UserResponse> {
    const command = new UpdateUserCommand(principal.tenantId, principalRef(principal), id, {
      role: body.role ?? undefined,
      disabled: body.disabled ?? undefined,
    });
    return UserResponse.of(await this.commands.execute(command));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user of your tenant; its sessions end at once' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: LAST_ADMIN })
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    await this.commands.execute(new DeleteUserCommand(principal.tenantId, principalRef(principal), id));
  }

  @Put(':id/password')
  @HttpCode(204)
  @ApiOperation({ summary: "Set a user's password; every session of that user ends" })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetails })
  async resetPassword(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SetPasswordRequest,
  ): Promise<void> {
    await this.commands.execute(
      new ResetUserPasswordCommand(principal.tenantId, principalRef(principal), id, body.password),
    );
  }
}

import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ProblemDetails } from '../../../http/problem-details';
import { ResourceNotFoundError } from '../../access.errors';
import { CurrentPrincipal, RequireScope, Roles, type Principal } from '../../auth.decorators';
import { Idempotent } from '../../idempotency/idempotent.decorator';
import { CreateUser } from '../../users/create-user';
import { UserStore } from '../../users/user.store';
import { PageQuery } from '../../../http/page-query.dto';
import { CreateUserRequest, UserPage, UserResponse } from './dto/user.dto';

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
}

import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope, type Principal } from '../../../../platform/access/auth.decorators';
import { ListPaymentsQuery } from '../../application/list-payments/list-payments.query';
import { ListPaymentsRequest, PaymentPage } from './payments.dto';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('api/v1/payments')
export class PaymentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequireScope('payments:read')
  @ApiOperation({
    summary:
      'Payments received through webhooks, newest first; ?matched=false lists the unmatched ones. ' +
      '`lookups`: notifications whose payment is still being looked up at the provider, or failed to be',
  })
  @ApiOkResponse({ type: PaymentPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() request: ListPaymentsRequest,
  ): Promise<PaymentPage> {
    const matched = request.matched === undefined ? undefined : request.matched === 'true';
    const { items, total, lookups } = await this.queries.execute(
      new ListPaymentsQuery(principal.tenantId, { matched, limit: request.limit, offset: request.offset }),
    );
    return { items, total, limit: request.limit, offset: request.offset, lookups };
  }
}

import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope, type Principal } from '../../../../platform/access/auth.decorators';
import { OpenBilling } from '../../application/open-billing/open-billing';
import { OpenBillingQuery } from './open-billing.dto';

@ApiTags('billing')
@ApiBearerAuth()
@Controller('api/v1/billing/open')
export class OpenBillingController {
  constructor(private readonly openBilling: OpenBilling) {}

  @Get()
  @RequireScope('billing:read')
  @ApiOperation({
    summary:
      'Open receivables with customer and contract, and a summary (total_open, over_20_days, oldest_due_date, aging)',
  })
  @ApiOkResponse({ description: 'Money in cents, with a formatted BRL string beside it' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: OpenBillingQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.type('application/json');
    return this.openBilling.queryJson(principal.tenantId, {
      minDaysOverdue: query.minDaysOverdue,
      contractStatus: query.contractStatus,
      internetStatus: query.internetStatus,
      branchId: query.branchId,
      search: query.q,
      sort: query.sort,
      order: query.order,
      limit: query.limit,
      offset: query.offset,
    });
  }
}

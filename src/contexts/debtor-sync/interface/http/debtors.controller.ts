import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScope, type Principal } from '../../../../platform/access/auth.decorators';
import { GetDebtorQuery } from '../../application/get-debtor/get-debtor.query';
import { ListDebtorsQuery } from '../../application/list-debtors/list-debtors.query';
import { DebtorNotFoundError } from '../../debtor-sync.errors';
import { ClinicDebtorDetailView, DebtorsPageView, ListDebtorsRequest } from './debtors.dto';

/** Registered after the clinics and sync controllers, so `/debtors/clinics` and `/debtors/sync` win over `/:id`. */
@ApiTags('debtors')
@ApiBearerAuth()
@Controller('api/v1/debtors')
export class DebtorsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequireScope('debtors:read')
  @ApiOperation({
    summary: 'Clinic debtors (open installments past due) with summary: open amount, debtors, aging',
  })
  @ApiOkResponse({ type: DebtorsPageView })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListDebtorsRequest,
  ): Promise<DebtorsPageView> {
    const result = await this.queries.execute(
      new ListDebtorsQuery(principal.tenantId, {
        clinicId: query.clinicId,
        minDaysOverdue: query.minDaysOverdue,
        q: query.q,
        limit: query.limit,
        offset: query.offset,
      }),
    );
    return { ...result, limit: query.limit, offset: query.offset };
  }

  @Get(':id')
  @RequireScope('debtors:read')
  @ApiOperation({
    summary: 'One clinic debtor with contracts, installments and contact history',
    description:
      'The newest 50 contact history entries (sent, failed, skipped with reasons); all of them page through `GET /api/v1/notifications/debtors/clinic:{id}/history`.',
  })
  @ApiOkResponse({ type: ClinicDebtorDetailView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<ClinicDebtorDetailView> {
    if (!/^[1-9]\d{0,14}$/.test(id)) throw new DebtorNotFoundError(id.slice(0, 40));
    return this.queries.execute(new GetDebtorQuery(principal.tenantId, id));
  }
}

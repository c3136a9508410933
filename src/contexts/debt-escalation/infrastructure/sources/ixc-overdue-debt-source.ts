import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { ListOverdueReceivablesQuery, type OverdueReceivablesPage } from '../../../sync-ixc/contracts';
import { OverdueDebtSource } from '../../application/ports/overdue-debt-source';
import { ixcDebt } from '../../application/policies/ixc-debt';
import type { OverdueDebt } from '../../domain/escalation-rule';

const PAGE = 500;

/** ISP receivables, asked of sync-ixc through its `ListOverdueReceivablesQuery` contract (its mirror). */
@Injectable()
export class IxcOverdueDebtSource extends OverdueDebtSource {
  readonly source = 'ixc' as const;

  constructor(
    private readonly queries: QueryBus,
    private readonly tenants: Tenants,
  ) {
    super();
  }

  async available(tenantId: string): Promise<boolean> {
    return 'ixc' in (await this.tenants.integrations(tenantId));
  }

  async *pages(tenantId: string, minDaysOverdue: number): AsyncIterable<OverdueDebt[]> {
    let after: string | null = null;
    do {
      const page: OverdueReceivablesPage = await this.queries.execute(
        new ListOverdueReceivablesQuery(tenantId, minDaysOverdue, { afterReceivableId: after, limit: PAGE }),
      );
      if (page.items.length > 0) yield page.items.map(ixcDebt);
      after = page.next;
    } while (after);
  }
}

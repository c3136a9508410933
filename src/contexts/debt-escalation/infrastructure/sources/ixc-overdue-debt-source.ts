import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ListOverdueReceivablesQuery, type OverdueReceivablesPage } from '../../../sync-ixc/contracts';
import { OverdueDebtSource } from '../../application/ports/overdue-debt-source';
import { ixcDebt } from '../../application/ports/ixc-debt';
import type { OverdueDebt } from '../../domain/escalation-rule';

const PAGE = 500;

/** ISP receivables, asked of sync-ixc through its `ListOverdueReceivablesQuery` contract (its mirror). */
@Injectable()
export class IxcOverdueDebtSource extends OverdueDebtSource {
  readonly source = 'ixc' as const;

  constructor(private readonly queries: QueryBus) {
    super();
  }

  /** The mirror answers for every tenant (empty for one without IXC). */
  available(): Promise<boolean> {
    return Promise.resolve(true);
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

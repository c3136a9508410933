import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ListOverdueInstallmentsQuery, type OverdueInstallment } from '../../../debtor-sync/contracts';
import { clinicDebt } from '../../application/ports/clinic-debt';
import { OverdueDebtSource } from '../../application/ports/overdue-debt-source';
import type { OverdueDebt } from '../../domain/escalation-rule';

const PAGE = 500;

/** Clinic installments, asked of debtor-sync through its `ListOverdueInstallmentsQuery` contract (its mirror). */
@Injectable()
export class ClinicOverdueDebtSource extends OverdueDebtSource {
  readonly source = 'clinic' as const;

  constructor(private readonly queries: QueryBus) {
    super();
  }

  /** The mirror answers for every tenant (empty for one without covered clinics). */
  available(): Promise<boolean> {
    return Promise.resolve(true);
  }

  async *pages(tenantId: string, minDaysOverdue: number): AsyncIterable<OverdueDebt[]> {
    let after: string | null = null;
    for (;;) {
      const items: OverdueInstallment[] = await this.queries.execute(
        new ListOverdueInstallmentsQuery(tenantId, minDaysOverdue, PAGE, after),
      );
      if (items.length > 0) yield items.map(clinicDebt);
      if (items.length < PAGE) return;
      after = items[items.length - 1]!.installmentId;
    }
  }
}

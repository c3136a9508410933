import { Query } from '../../../../shared/ddd/query';

export interface EscalationPreview {
  thresholdDays: number;
  minAmountCents: number;
  sources: string[];
  /** cases the job would open now */
  wouldOpen: Array<{
    source: string;
    debtorId: string;
    contractId: string | null;
    debtor: { name: string; document: string | null } | null;
    debtIds: string[];
    openCents: number;
    oldestDueDate: string;
    daysOverdue: number;
  }>;
  /** debts that would join a case already open */
  wouldJoin: number;
  /** groups held back by the minimum amount */
  belowMinimum: number;
}

/** The dry run of the escalation job: the same sources and rule, nothing written. */
export class PreviewEscalationQuery extends Query<EscalationPreview> {
  constructor(
    tenantId: string,
    readonly limit = 200,
  ) {
    super(tenantId);
  }
}

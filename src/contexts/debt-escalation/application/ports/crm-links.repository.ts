export interface CrmIntent {
  caseId: string;
  tenantId: string;
  attempts: number;
  debtorName: string | null;
  debtorDocument: string | null;
  openCents: number;
  source: string;
  debtorId: string;
  contractId: string | null;
  oldestDueDate: string;
}

export type CrmOutcome =
  | { status: 'linked' | 'created'; personId: string | null; dealId: string }
  | { status: 'not_found' | 'off'; personId: string | null; dealId: null };

/**
 * A case's CRM link: recorded as an intent (`pending`) when the case opens, each attempt counted before
 * the CRM is called, the outcome recorded after. An attempted intent is reconciled (deal searched by its
 * marker) before anything is created, so a crash between the CRM's answer and our commit never makes two.
 */
export abstract class CrmLinksRepository {
  /** pending intents due by `asOf` */
  abstract due(tenantId: string, limit: number, asOf: Date): Promise<CrmIntent[]>;
  abstract countAttempt(caseId: string): Promise<void>;
  abstract recorded(caseId: string, outcome: CrmOutcome): Promise<void>;
  abstract failed(caseId: string, error: string, retryAt: Date | null): Promise<void>;
}

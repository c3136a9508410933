import type { CaseState } from '../../domain/collection-case.aggregate';

export interface CaseSummary {
  id: string;
  source: string;
  debtorId: string;
  contractId: string | null;
  debtor: { name: string | null; document: string | null };
  state: CaseState;
  assignee: string | null;
  openCents: number;
  recoveredCents: number;
  oldestDueDate: string;
  thresholdDays: number;
  crm: {
    status: string;
    personId: string | null;
    dealId: string | null;
    attempts: number;
    error: string | null;
  };
  openedAt: string;
  closedAt: string | null;
  updatedAt: string;
}

export interface CaseDetail extends CaseSummary {
  debts: Array<{
    debtId: string;
    dueDate: string;
    amountCents: number;
    openCents: number;
    status: string;
    joinedAt: string;
  }>;
  history: Array<{
    kind: string;
    from: string | null;
    to: string;
    assignee: string | null;
    by: string;
    note: string | null;
    at: string;
  }>;
}

export interface CaseFilter {
  state?: CaseState;
  /** debtor name, document or ids */
  q?: string;
  limit: number;
  offset: number;
}

export interface CaseStats {
  byState: Record<CaseState, number>;
  /** what open cases still owe */
  inCollectionCents: number;
  /** what was paid on escalated debts */
  recoveredCents: number;
  crm: Record<string, number>;
}

export abstract class CaseReadModel {
  abstract list(tenantId: string, filter: CaseFilter): Promise<{ items: CaseSummary[]; total: number }>;
  abstract get(tenantId: string, caseId: string): Promise<CaseDetail | null>;
  abstract stats(tenantId: string): Promise<CaseStats>;
  /** debt ids of `source` already in some case, of those given (for the dry run) */
  abstract knownDebts(tenantId: string, source: string, debtIds: string[]): Promise<Set<string>>;
  /** open case keys (`source|debtor|contract`) among those given (for the dry run) */
  abstract openCaseKeys(tenantId: string, keys: string[]): Promise<Set<string>>;
}

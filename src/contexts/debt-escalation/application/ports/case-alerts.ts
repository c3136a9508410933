/** One newly opened case, as the collections team is told about it. */
export interface CaseAlert {
  id: string;
  caseId: string;
  summary: {
    debtor: string;
    source: string;
    contractId: string | null;
    openCents: number;
    oldestDueDate: string;
    thresholdDays: number;
  };
}

/** Alerts written with the case (same transaction), sent in batches afterwards. */
export abstract class CaseAlertsRepository {
  abstract pending(tenantId: string, limit: number): Promise<CaseAlert[]>;
  abstract sent(ids: string[]): Promise<void>;
  abstract attemptFailed(ids: string[]): Promise<void>;
}

/** Where the collections team hears of new cases (the tenant's Discord). */
export abstract class CollectionsNotifier {
  /** false when the tenant has nowhere to send alerts */
  abstract configured(tenantId: string): Promise<boolean>;
  /** Sends one batch (at most 10); throws when it was not delivered. */
  abstract notify(tenantId: string, alerts: CaseAlert[]): Promise<void>;
}

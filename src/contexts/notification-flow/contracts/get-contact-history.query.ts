import { Query } from '../../../shared/ddd/query';

/** One thing that happened to a debtor's message: sent, failed, skipped (and why), delivered, read… */
export interface ContactHistoryEntry {
  /** ISO 8601 */
  at: string;
  channel: string;
  /** `sent`, `failed`, `skipped`, `delivered`, `read`, `reply`, … (contact history events; skipped schedules) */
  event: string;
  /** why it failed or was skipped (`minor`, `no_consent`, `no_address`, a provider error…), else null */
  reason: string | null;
  /** the message type of the schedule (`upcoming`, `overdue`, `notification`), null when not from one */
  type: string | null;
  provider: string | null;
  scheduleId: string | null;
}

/**
 * A debtor's contact history, newest first, at most `limit` (1–200) entries, and how many there are in all.
 * `debtorId` is notification-flow's (`<source>:<id>`, e.g. `clinic:500001`); an unknown debtor has none.
 */
export class GetContactHistoryQuery extends Query<{ items: ContactHistoryEntry[]; total: number }> {
  constructor(
    tenantId: string,
    readonly debtorId: string,
    readonly limit = 50,
  ) {
    super(tenantId);
  }
}

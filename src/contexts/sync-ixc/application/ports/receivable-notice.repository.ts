import type { IntegrationEvent } from '../../../../shared/ddd/domain-event';
import type { NoticedReceivable } from '../../domain/receivable-notice';

export type NoticeLedger = 'overdue' | 'due-soon';

/** Due dates (YYYY-MM-DD) a notice covers: before a day (exclusive), or from one to another (inclusive). */
export type DueRange = { before: string } | { from: string; until: string };

/**
 * The once-only ledgers of receivable notices (`sync_ixc.overdue_notices`, `due_soon_notices`), keyed
 * by (tenant, receivable, due date).
 */
export abstract class ReceivableNoticeRepository {
  /**
   * In one transaction: records up to `limit` open, released receivables due in `range` that the
   * ledger does not hold yet, and publishes `toEvent` of each newly recorded one. Returns how many.
   */
  abstract noticeBatch(
    tenantId: string,
    ledger: NoticeLedger,
    range: DueRange,
    limit: number,
    toEvent: (row: NoticedReceivable) => IntegrationEvent,
  ): Promise<number>;
}

import type { MappedEntry } from '../../domain/mirror-rows';
import type { CoveredClinic } from './clinic-coverage.repository';

export type MirrorEntity = 'patients' | 'contracts' | 'installments';
export const MIRROR_ENTITIES: readonly MirrorEntity[] = ['patients', 'contracts', 'installments'];

export interface EntityCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface PageOptions {
  /**
   * Keep only installments that are open or mirrored already (the pass over due dates before the window:
   * "everything open", and what became of what Régua holds).
   */
  onlyOpenOrKnown: boolean;
  /** the run's day in the clinic's time zone, and how many days ahead an installment is due soon */
  today: string;
  dueSoonDays: number;
}

export type PageWritten = Record<MirrorEntity, Omit<EntityCounts, 'read' | 'failed'>> & { events: number };

export abstract class DebtorMirrorRepository {
  /**
   * Writes one report page in one transaction: rows whose content hash changed (or new), and through the
   * outbox the paid / cancelled / contract-status events their changes mean, then the overdue / due-soon
   * notices its written open installments are owed (marked in the same write, so {@link emitNotices} finds
   * only the rows that crossed a date unchanged).
   */
  abstract writePage(
    tenantId: string,
    clinic: CoveredClinic,
    entries: MappedEntry[],
    options: PageOptions,
  ): Promise<PageWritten>;
  /** The oldest due date of an installment the mirror holds open for the clinic, or null. */
  abstract oldestOpenDueDate(tenantId: string, clinicId: string): Promise<string | null>;
  /** Writes overdue and due-soon events not sent yet for this due date (of any row); answers how many. */
  abstract emitNotices(
    tenantId: string,
    clinic: CoveredClinic,
    today: string,
    dueSoonDays: number,
  ): Promise<number>;
}

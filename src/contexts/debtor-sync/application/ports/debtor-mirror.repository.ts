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
  /** set when the run is the clinic's first load ({@link FirstLoad}) */
  firstLoad?: FirstLoad;
}

/**
 * A clinic's first load: the mirror held nothing of the clinic when the run started (no contract of it,
 * and every page written holds its contracts). A row the run has not written itself is then not stored,
 * so only the ids it wrote are read back before a page is compared (a patient with two contracts, an
 * installment seen in both passes). The exception is a patient another clinic of the tenant wrote too:
 * taken as new, counted inserted, and its row rewritten only where its content differs.
 */
export class FirstLoad {
  readonly written: Record<MirrorEntity, Set<string>> = {
    patients: new Set(),
    contracts: new Set(),
    installments: new Set(),
  };

  /** The ids among these that the run wrote already: the only ones that may be stored. */
  mayBeStored(entity: MirrorEntity, ids: string[]): string[] {
    const written = this.written[entity];
    return ids.filter((id) => written.has(id));
  }

  wrote(entity: MirrorEntity, ids: Iterable<string>): void {
    const written = this.written[entity];
    for (const id of ids) written.add(id);
  }
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
  /** Whether the mirror holds any contract of the clinic (else a run is its {@link FirstLoad}). */
  abstract holdsClinic(tenantId: string, clinicId: string): Promise<boolean>;
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

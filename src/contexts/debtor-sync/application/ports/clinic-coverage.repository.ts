import type { ClinicInfo } from './clinic-source';

export type Coverage = 'covered' | 'paused' | 'ended';

export interface CoveredClinic {
  id: string;
  tenantId: string;
  externalId: string;
  name: string;
  corporateName: string | null;
  cnpj: string | null;
  timeZone: string;
  coverage: Coverage;
  lastSyncedAt: Date | null;
  createdAt: Date;
}

export abstract class ClinicCoverageRepository {
  /** Stores the clinic as covered (again, when it was paused or ended); `created` when it was new. */
  abstract register(tenantId: string, info: ClinicInfo): Promise<{ clinic: CoveredClinic; created: boolean }>;
  abstract get(tenantId: string, id: string): Promise<CoveredClinic | null>;
  abstract list(tenantId: string, coverage?: Coverage): Promise<CoveredClinic[]>;
  /**
   * Sets the coverage; leaving `covered` also announces each contract of the clinic as `uncovered` (so the
   * cadence stops), coming back forgets the notices sent so that the next sync announces open debts again.
   */
  abstract setCoverage(tenantId: string, id: string, coverage: Coverage): Promise<CoveredClinic>;
  abstract markSynced(tenantId: string, id: string): Promise<void>;
}

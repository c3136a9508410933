import type { MappedEntry } from '../../domain/mirror-rows';

/** A clinic as the clinic API describes it. */
export interface ClinicInfo {
  externalId: string;
  name: string;
  corporateName: string | null;
  cnpj: string | null;
  active: boolean;
  timeZone: string | null;
}

export interface ReportPage {
  entries: MappedEntry[];
  /** report items that could not be mirrored at all (no ids), skipped and counted */
  failed: number;
}

/** The tenant's clinic API (anti-corruption layer: answers are already mapped to mirror rows). */
export abstract class ClinicSource {
  /** Throws ClinicApiNotConfiguredError without settings or token. */
  abstract assertConfigured(tenantId: string): Promise<void>;
  /** Clinics whose name contains `name`. */
  abstract searchByName(tenantId: string, name: string): Promise<ClinicInfo[]>;
  abstract findById(tenantId: string, externalId: string): Promise<ClinicInfo | null>;
  /** The delinquency report of one clinic for a due-date window, page by page. */
  abstract report(
    tenantId: string,
    clinic: { id: string; externalId: string },
    window: { from: string; to: string },
    today: string,
  ): AsyncIterable<ReportPage>;
}

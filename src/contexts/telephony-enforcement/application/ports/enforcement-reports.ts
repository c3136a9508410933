import type { EntityManager } from 'typeorm';
import type { ActionSettledPayload, RunFinishedPayload } from '../../contracts/enforcement-events';

export type ReportItem =
  | { kind: 'action'; tenantId: string; payload: ActionSettledPayload }
  | { kind: 'run'; tenantId: string; payload: RunFinishedPayload };

/** Where settled actions and finished runs are reported (the tenant's Discord channel). */
export abstract class EnforcementReports {
  /** Reports these items; what is marked reported is marked in `tx`. */
  abstract report(items: ReportItem[], tx: EntityManager): Promise<void>;
}

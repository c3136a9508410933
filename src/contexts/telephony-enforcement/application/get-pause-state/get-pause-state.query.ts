import { Query } from '../../../../shared/ddd/query';
import type { PauseState } from '../enforcement-state';

/** Whether enforcement is paused for the tenant, and the global kill switch. */
export class GetPauseStateQuery extends Query<PauseState> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}

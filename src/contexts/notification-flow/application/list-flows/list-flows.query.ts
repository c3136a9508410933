import { Query } from '../../../../shared/ddd/query';
import type { Flow } from '../flows/flows.repository';

/** The tenant's flows (not archived), the default first. */
export class ListFlowsQuery extends Query<Flow[]> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}

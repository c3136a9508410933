import { Query } from '../../../../shared/ddd/query';
import type { Flow } from '../flows/flows.repository';

/** A flow with the steps of its current version; 404 when the tenant has no such flow. */
export class GetFlowQuery extends Query<Flow> {
  constructor(
    tenantId: string,
    readonly flowId: string,
  ) {
    super(tenantId);
  }
}

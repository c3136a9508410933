import { Query } from '../../../../shared/ddd/query';
import type { FlowVersion } from '../flows/flows.repository';

/** Every version of a flow, newest first (versions never change). */
export class GetFlowVersionsQuery extends Query<FlowVersion[]> {
  constructor(
    tenantId: string,
    readonly flowId: string,
  ) {
    super(tenantId);
  }
}

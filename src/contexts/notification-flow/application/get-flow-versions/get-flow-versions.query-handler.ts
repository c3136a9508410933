import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Flows, type FlowVersion } from '../flows/flows.repository';
import { GetFlowVersionsQuery } from './get-flow-versions.query';

@QueryHandler(GetFlowVersionsQuery)
export class GetFlowVersionsHandler implements IQueryHandler<GetFlowVersionsQuery, FlowVersion[]> {
  constructor(private readonly flows: Flows) {}

  execute(query: GetFlowVersionsQuery): Promise<FlowVersion[]> {
    return this.flows.versions(query.metadata.tenantId, query.flowId);
  }
}

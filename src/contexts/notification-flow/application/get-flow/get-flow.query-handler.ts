import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Flows, type Flow } from '../flows/flows.repository';
import { GetFlowQuery } from './get-flow.query';

@QueryHandler(GetFlowQuery)
export class GetFlowHandler implements IQueryHandler<GetFlowQuery, Flow> {
  constructor(private readonly flows: Flows) {}

  execute(query: GetFlowQuery): Promise<Flow> {
    return this.flows.get(query.metadata.tenantId, query.flowId);
  }
}

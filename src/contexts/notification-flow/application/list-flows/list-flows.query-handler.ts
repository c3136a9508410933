import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Flows, type Flow } from '../flows/flows.repository';
import { ListFlowsQuery } from './list-flows.query';

@QueryHandler(ListFlowsQuery)
export class ListFlowsHandler implements IQueryHandler<ListFlowsQuery, Flow[]> {
  constructor(private readonly flows: Flows) {}

  execute({ metadata }: ListFlowsQuery): Promise<Flow[]> {
    return this.flows.list(metadata.tenantId);
  }
}

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EnforcementState, type PauseState } from '../enforcement-state';
import { GetPauseStateQuery } from './get-pause-state.query';

@QueryHandler(GetPauseStateQuery)
export class GetPauseStateHandler implements IQueryHandler<GetPauseStateQuery, PauseState> {
  constructor(private readonly state: EnforcementState) {}

  execute(query: GetPauseStateQuery): Promise<PauseState> {
    return this.state.pauseState(query.metadata.tenantId);
  }
}

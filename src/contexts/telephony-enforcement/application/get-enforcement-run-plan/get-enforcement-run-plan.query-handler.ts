import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EnforcementRunNotFoundError } from '../../telephony-enforcement.errors';
import { EnforcementRunRepository } from '../ports/enforcement-run.repository';
import { GetEnforcementRunPlanQuery, type EnforcementRunPlan } from './get-enforcement-run-plan.query';

@QueryHandler(GetEnforcementRunPlanQuery)
export class GetEnforcementRunPlanHandler implements IQueryHandler<
  GetEnforcementRunPlanQuery,
  EnforcementRunPlan
> {
  constructor(private readonly runs: EnforcementRunRepository) {}

  async execute(query: GetEnforcementRunPlanQuery): Promise<EnforcementRunPlan> {
    const tenantId = query.metadata.tenantId;
    const run = await this.runs.get(tenantId, query.runId);
    if (!run) throw new EnforcementRunNotFoundError(query.runId);
    return { run, actions: await this.runs.actions(tenantId, query.runId, query.page) };
  }
}

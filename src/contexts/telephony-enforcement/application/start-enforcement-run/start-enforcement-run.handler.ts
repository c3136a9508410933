import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ForbiddenError } from '../../../../platform/access/access.errors';
import type { EnforcementRun } from '../../domain/enforcement-run';
import { EnforcementRunRepository } from '../ports/enforcement-run.repository';
import { EnforcementRunPlanner } from './enforcement-run-planner';
import { StartEnforcementRunCommand, type RunRequest } from './start-enforcement-run.command';

/** Dry runs are for anyone with the scope; a run that writes to Magnus, or overrides the breaker, is an admin's. */
function needsAdmin({ actorRole, dryRun, force }: RunRequest): boolean {
  return actorRole !== undefined && actorRole !== 'admin' && (!dryRun || force === true);
}

@CommandHandler(StartEnforcementRunCommand)
export class StartEnforcementRunHandler implements ICommandHandler<
  StartEnforcementRunCommand,
  EnforcementRun
> {
  constructor(
    private readonly planner: EnforcementRunPlanner,
    private readonly runs: EnforcementRunRepository,
  ) {}

  async execute(command: StartEnforcementRunCommand): Promise<EnforcementRun> {
    const tenantId = command.metadata.tenantId;
    if (needsAdmin(command.request))
      throw new ForbiddenError('only an admin may start a run that writes to Magnus (use dryRun: true)');
    const { run, planned } = await this.planner.begin(tenantId, command.request);
    if (!command.untilPlanned) return run;
    await planned;
    return (await this.runs.get(tenantId, run.id)) as EnforcementRun;
  }
}

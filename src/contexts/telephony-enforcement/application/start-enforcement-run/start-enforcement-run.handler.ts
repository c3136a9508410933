import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EnforcementRun } from '../../domain/enforcement-run';
import { EnforcementRunRepository } from '../ports/enforcement-run.repository';
import { EnforcementRunPlanner } from './enforcement-run-planner';
import { StartEnforcementRunCommand } from './start-enforcement-run.command';

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
    const { run, planned } = await this.planner.begin(tenantId, command.request);
    if (!command.untilPlanned) return run;
    await planned;
    return (await this.runs.get(tenantId, run.id)) as EnforcementRun;
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EnforcementState, type PauseState } from '../enforcement-state';
import { ResumeEnforcementCommand } from './resume-enforcement.command';

@CommandHandler(ResumeEnforcementCommand)
export class ResumeEnforcementHandler implements ICommandHandler<ResumeEnforcementCommand, PauseState> {
  constructor(private readonly state: EnforcementState) {}

  execute(command: ResumeEnforcementCommand): Promise<PauseState> {
    return this.state.setPaused(command.metadata.tenantId, false, command.by);
  }
}

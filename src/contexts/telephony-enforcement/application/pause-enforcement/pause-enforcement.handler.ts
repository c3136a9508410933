import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EnforcementState, type PauseState } from '../enforcement-state';
import { PauseEnforcementCommand } from './pause-enforcement.command';

@CommandHandler(PauseEnforcementCommand)
export class PauseEnforcementHandler implements ICommandHandler<PauseEnforcementCommand, PauseState> {
  constructor(private readonly state: EnforcementState) {}

  execute(command: PauseEnforcementCommand): Promise<PauseState> {
    return this.state.setPaused(command.metadata.tenantId, true, command.by);
  }
}

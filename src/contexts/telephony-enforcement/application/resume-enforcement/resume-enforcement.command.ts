import { Command } from '../../../../shared/ddd/command';
import type { PauseState } from '../enforcement-state';

/** Magnus writes for the tenant again; rechecks kept while paused are picked up. */
export class ResumeEnforcementCommand extends Command<PauseState> {
  constructor(
    tenantId: string,
    /** who asked (`user:<id>` or `api_key:<id>`) */
    readonly by: string,
  ) {
    super(tenantId);
  }
}

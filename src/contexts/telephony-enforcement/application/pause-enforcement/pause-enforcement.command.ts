import { Command } from '../../../../shared/ddd/command';
import type { PauseState } from '../enforcement-state';

/** No Magnus writes for the tenant (queued actions are skipped) until it is resumed. */
export class PauseEnforcementCommand extends Command<PauseState> {
  constructor(
    tenantId: string,
    /** who asked (`user:<id>` or `api_key:<id>`) */
    readonly by: string,
  ) {
    super(tenantId);
  }
}

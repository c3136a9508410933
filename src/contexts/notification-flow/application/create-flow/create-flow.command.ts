import { Command } from '../../../../shared/ddd/command';
import type { Flow, NewFlow } from '../flows/flows.repository';

/** Creates a flow (version 1); 422 lists every problem with the steps, 409 for a name in use. */
export class CreateFlowCommand extends Command<Flow> {
  constructor(
    tenantId: string,
    readonly input: NewFlow,
    readonly createdBy: string | null,
  ) {
    super(tenantId);
  }
}

import { Command } from '../../../../shared/ddd/command';
import type { Flow, FlowChanges } from '../flows/flows.repository';

/** Renames a flow, makes it the default or changes its steps (different steps → a new version; running cycles keep theirs). */
export class UpdateFlowCommand extends Command<Flow> {
  constructor(
    tenantId: string,
    readonly flowId: string,
    readonly changes: FlowChanges,
    readonly createdBy: string | null,
  ) {
    super(tenantId);
  }
}

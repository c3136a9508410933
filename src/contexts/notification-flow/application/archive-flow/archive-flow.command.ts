import { Command } from '../../../../shared/ddd/command';

/** Archives a flow: it starts no new cycle; running cycles carry on. */
export class ArchiveFlowCommand extends Command {
  constructor(
    tenantId: string,
    readonly flowId: string,
  ) {
    super(tenantId);
  }
}

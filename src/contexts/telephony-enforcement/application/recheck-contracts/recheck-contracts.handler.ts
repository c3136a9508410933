import { Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../../../shared/errors/domain-error';
import { EnforcementState } from '../enforcement-state';
import { ContractRecheckRepository } from '../ports/contract-recheck.repository';
import { StartEnforcementRunCommand } from '../start-enforcement-run/start-enforcement-run.command';
import { RecheckContractsCommand } from './recheck-contracts.command';

const MAX_CONTRACTS_PER_RUN = 500;

/**
 * Rows are removed only once the run's plan is saved; a busy tenant (a run already planning) keeps them
 * for the next tick. A paused tenant keeps them until it resumes.
 */
@CommandHandler(RecheckContractsCommand)
export class RecheckContractsHandler implements ICommandHandler<RecheckContractsCommand, number> {
  private readonly logger = new Logger('Enforcement');

  constructor(
    private readonly rechecks: ContractRecheckRepository,
    private readonly commands: CommandBus,
    private readonly state: EnforcementState,
  ) {}

  async execute(): Promise<number> {
    let runs = 0;
    for (const tenantId of await this.rechecks.tenants()) {
      if ((await this.state.writesAllowed(tenantId)) !== 'yes') continue;
      const queued = await this.rechecks.next(tenantId, MAX_CONTRACTS_PER_RUN);
      try {
        await this.commands.execute(
          new StartEnforcementRunCommand(
            tenantId,
            { trigger: 'event', dryRun: false, contractIds: queued.map((r) => r.contractId) },
            true,
          ),
        );
        runs += 1;
      } catch (error) {
        if (error instanceof DomainError) {
          this.logger.debug({ tenantId, code: error.code }, 'Contract recheck postponed');
          continue;
        }
        throw error;
      }
      // Only what was read: a change queued meanwhile has a newer version and stays for the next run.
      await this.rechecks.remove(tenantId, queued);
    }
    return runs;
  }
}

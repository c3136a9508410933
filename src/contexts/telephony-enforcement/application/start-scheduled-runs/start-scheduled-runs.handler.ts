import { Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { EnforcementState } from '../enforcement-state';
import { startLogged } from '../start-enforcement-run/start-logged';
import { StartEnforcementRunCommand } from '../start-enforcement-run/start-enforcement-run.command';
import { StartScheduledRunsCommand } from './start-scheduled-runs.command';

@CommandHandler(StartScheduledRunsCommand)
export class StartScheduledRunsHandler implements ICommandHandler<StartScheduledRunsCommand, void> {
  private readonly logger = new Logger('EnforcementCron');

  constructor(
    private readonly tenants: Tenants,
    private readonly state: EnforcementState,
    private readonly commands: CommandBus,
  ) {}

  async execute(): Promise<void> {
    for (const tenant of await this.tenants.withIntegration('magnus')) {
      if ((await this.state.writesAllowed(tenant.id)) !== 'yes') {
        this.logger.warn(
          { tenant: tenant.slug },
          'Scheduled enforcement run skipped: paused or kill switch on',
        );
        continue;
      }
      await startLogged(this.logger, tenant.slug, () =>
        this.commands.execute(
          new StartEnforcementRunCommand(tenant.id, { trigger: 'schedule', dryRun: false }, true),
        ),
      );
    }
  }
}

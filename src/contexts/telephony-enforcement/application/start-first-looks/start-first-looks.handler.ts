import { Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { EnforcementRunRepository } from '../ports/enforcement-run.repository';
import { startLogged } from '../start-enforcement-run/start-logged';
import { StartEnforcementRunCommand } from '../start-enforcement-run/start-enforcement-run.command';
import { StartFirstLooksCommand } from './start-first-looks.command';

@CommandHandler(StartFirstLooksCommand)
export class StartFirstLooksHandler implements ICommandHandler<StartFirstLooksCommand, void> {
  private readonly logger = new Logger('EnforcementCron');

  constructor(
    private readonly tenants: Tenants,
    private readonly runs: EnforcementRunRepository,
    private readonly commands: CommandBus,
  ) {}

  async execute(): Promise<void> {
    for (const tenant of await this.tenants.withIntegration('magnus')) {
      if (await this.runs.hasAny(tenant.id)) continue;
      this.logger.log(
        { tenant: tenant.slug },
        'First enforcement look: a dry run before anything is written',
      );
      await startLogged(this.logger, tenant.slug, () =>
        this.commands.execute(
          new StartEnforcementRunCommand(tenant.id, { trigger: 'schedule', dryRun: true }, true),
        ),
      );
    }
  }
}

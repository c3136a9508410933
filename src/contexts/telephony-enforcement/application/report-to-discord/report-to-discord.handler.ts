import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EnforcementReports } from '../ports/enforcement-reports';
import { ReportToDiscordCommand } from './report-to-discord.command';

@CommandHandler(ReportToDiscordCommand)
export class ReportToDiscordHandler implements ICommandHandler<ReportToDiscordCommand, void> {
  constructor(private readonly reports: EnforcementReports) {}

  execute(command: ReportToDiscordCommand): Promise<void> {
    return this.reports.report(command.items, command.tx);
  }
}

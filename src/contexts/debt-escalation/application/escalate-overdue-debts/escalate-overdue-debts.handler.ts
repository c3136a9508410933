import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EscalateDebtsCommand } from '../escalate-debts/escalate-debts.command';
import { CaseRepository } from '../ports/case.repository';
import { EscalationSettingsRepository } from '../ports/escalation-settings.repository';
import { OVERDUE_DEBT_SOURCES, type OverdueDebtSource } from '../ports/overdue-debt-source';
import { EscalateOverdueDebtsCommand, type EscalationRunOutcome } from './escalate-overdue-debts.command';

/** Debts remembered as closed at their source are forgotten after this many days (late events come sooner). */
const CLOSED_DEBTS_KEPT_DAYS = 30;

/**
 * Asks each enabled source for its debts past the threshold, page by page, and escalates each page;
 * forgets the tenant's old closed-debt memories first.
 */
@CommandHandler(EscalateOverdueDebtsCommand)
export class EscalateOverdueDebtsHandler implements ICommandHandler<
  EscalateOverdueDebtsCommand,
  EscalationRunOutcome
> {
  constructor(
    private readonly settings: EscalationSettingsRepository,
    @Inject(OVERDUE_DEBT_SOURCES) private readonly sources: OverdueDebtSource[],
    private readonly commands: CommandBus,
    private readonly cases: CaseRepository,
  ) {}

  async execute(command: EscalateOverdueDebtsCommand): Promise<EscalationRunOutcome> {
    const tenantId = command.metadata.tenantId;
    const settings = await this.settings.get(tenantId);
    await this.cases.pruneClosedDebts(tenantId, CLOSED_DEBTS_KEPT_DAYS);
    const outcome: EscalationRunOutcome = { opened: 0, joined: 0, known: 0, candidates: 0, sources: [] };
    for (const source of this.sources) {
      if (!settings.sources.includes(source.source) || !(await source.available(tenantId))) continue;
      outcome.sources.push(source.source);
      for await (const page of source.pages(tenantId, settings.thresholdDays)) {
        outcome.candidates += page.length;
        const result = await this.commands.execute(new EscalateDebtsCommand(tenantId, page));
        outcome.opened += result.opened;
        outcome.joined += result.joined;
        outcome.known += result.known;
      }
    }
    return outcome;
  }
}

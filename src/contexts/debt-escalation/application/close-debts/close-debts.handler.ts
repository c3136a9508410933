import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseClosedEvent } from '../../contracts/case-events';
import { EscalationMetrics } from '../escalation-metrics';
import { CaseRepository } from '../ports/case.repository';
import { CloseDebtsCommand } from './close-debts.command';

@CommandHandler(CloseDebtsCommand)
export class CloseDebtsHandler implements ICommandHandler<CloseDebtsCommand, { settled: number }> {
  constructor(
    private readonly cases: CaseRepository,
    private readonly metrics: EscalationMetrics,
  ) {}

  async execute(command: CloseDebtsCommand): Promise<{ settled: number }> {
    const tenantId = command.metadata.tenantId;
    if (command.debts.length === 0) return { settled: 0 };
    const result = await this.cases.closeDebts(
      tenantId,
      command.source,
      command.debts,
      command.status,
      command.tx,
      (c, openDebts, view) => {
        const change = c.settleWhenNothingOwed(openDebts, new Date());
        if (!change) return [];
        return [
          new CaseClosedEvent(tenantId, {
            caseId: c.id,
            source: view.source,
            debtorId: view.debtorId,
            contractId: view.contractId,
            state: 'settled',
            recoveredCents: view.recoveredCents,
            openCents: view.openCents,
            by: 'system',
          }),
        ];
      },
    );
    this.metrics.cases.inc({ outcome: 'settled' }, result.settled.length);
    return { settled: result.settled.length };
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseClosedEvent } from '../../contracts/case-events';
import { isClosed, type CaseState } from '../../domain/collection-case.aggregate';
import { EscalationMetrics } from '../escalation-metrics';
import { CaseRepository } from '../ports/case.repository';
import { TransitionCaseCommand } from './transition-case.command';

@CommandHandler(TransitionCaseCommand)
export class TransitionCaseHandler implements ICommandHandler<
  TransitionCaseCommand,
  { id: string; state: CaseState }
> {
  constructor(
    private readonly cases: CaseRepository,
    private readonly metrics: EscalationMetrics,
  ) {}

  async execute(command: TransitionCaseCommand): Promise<{ id: string; state: CaseState }> {
    const tenantId = command.metadata.tenantId;
    const result = await this.cases.update(tenantId, command.caseId, (c, view) => {
      c.transition(command.to, command.by, new Date(), command.note);
      const events =
        c.state === 'settled' || c.state === 'written_off' || c.state === 'returned'
          ? [
              new CaseClosedEvent(tenantId, {
                caseId: c.id,
                source: view.source,
                debtorId: view.debtorId,
                contractId: view.contractId,
                state: c.state,
                recoveredCents: view.recoveredCents,
                openCents: view.openCents,
                by: command.by,
              }),
            ]
          : [];
      return { result: { id: c.id, state: c.state }, events };
    });
    if (isClosed(result.state)) this.metrics.cases.inc({ outcome: result.state as 'settled' });
    return result;
  }
}

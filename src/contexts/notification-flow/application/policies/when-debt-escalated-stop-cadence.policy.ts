import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { CaseDebtsJoinedPayload } from '../../../debt-escalation/contracts';
import { CloseDebtCommand } from '../close-debt/close-debt.command';
import type { Policy, ReceivedEvent } from './policy';

/**
 * debt-escalation `CaseOpenedEvent` (`DebtEscalated`) and `CaseDebtsJoinedEvent` → `CloseDebtCommand`
 * (reason `escalated`) for each debt of the case: the collections team has it, the cadence stops. The
 * source's ids map to this context's `<source>:<id>`.
 */
@Injectable()
export class WhenDebtEscalatedStopCadencePolicy implements Policy<CaseDebtsJoinedPayload> {
  constructor(private readonly commands: CommandBus) {}

  async react({ tenantId, payload }: ReceivedEvent<CaseDebtsJoinedPayload>, tx: EntityManager) {
    if (!Array.isArray(payload.debts)) return;
    for (const debt of payload.debts) {
      await this.commands.execute(
        new CloseDebtCommand(
          tenantId,
          {
            source: payload.source,
            debtId: `${payload.source}:${debt.debtId}`,
            debtorId: `${payload.source}:${payload.debtorId}`,
            contractId: payload.contractId,
            dueDate: debt.dueDate,
            amountCents: debt.amountCents,
            sourceUpdatedAt: null,
          },
          'escalated',
          tx,
        ),
      );
    }
  }
}

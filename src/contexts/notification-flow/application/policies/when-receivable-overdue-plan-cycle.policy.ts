import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { ReceivableOverduePayload } from '../../../sync-ixc/contracts';
import { PlanCycleCommand } from '../plan-cycle/plan-cycle.command';
import { openDebtOf } from './ixc-receivable-debts';
import type { Policy, ReceivedEvent } from './policy';

/** sync-ixc `ReceivableOverdueEvent` → `PlanCycleCommand`: an overdue receivable is a debt to chase. */
@Injectable()
export class WhenReceivableOverduePlanCyclePolicy implements Policy<ReceivableOverduePayload> {
  constructor(private readonly commands: CommandBus) {}

  async react({ tenantId, payload }: ReceivedEvent<ReceivableOverduePayload>, tx: EntityManager) {
    const debt = openDebtOf(payload);
    if (debt) await this.commands.execute(new PlanCycleCommand(tenantId, debt, tx));
  }
}

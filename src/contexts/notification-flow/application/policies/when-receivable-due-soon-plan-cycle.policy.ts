import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { ReceivableDueSoonPayload } from '../../../sync-ixc/contracts';
import { PlanCycleCommand } from '../plan-cycle/plan-cycle.command';
import { openDebtOf } from './ixc-receivable-debts';
import type { Policy, ReceivedEvent } from './policy';

/**
 * sync-ixc `ReceivableDueSoonEvent` → `PlanCycleCommand`: a receivable falling due soon opens its debt
 * early, so the cycle's pre-due reminders (D-3 …) go out.
 */
@Injectable()
export class WhenReceivableDueSoonPlanCyclePolicy implements Policy<ReceivableDueSoonPayload> {
  constructor(private readonly commands: CommandBus) {}

  async react({ tenantId, payload }: ReceivedEvent<ReceivableDueSoonPayload>, tx: EntityManager) {
    const debt = openDebtOf(payload);
    if (debt) await this.commands.execute(new PlanCycleCommand(tenantId, debt, tx));
  }
}

import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { InstallmentOverduePayload } from '../../../debtor-sync/contracts';
import { PlanCycleCommand } from '../plan-cycle/plan-cycle.command';
import { openInstallmentDebtOf } from './clinic-installment-debts';
import type { Policy, ReceivedEvent } from './policy';

/** debtor-sync `InstallmentOverdueEvent` → `PlanCycleCommand`: an overdue clinic installment is a debt to chase. */
@Injectable()
export class WhenInstallmentOverduePlanCyclePolicy implements Policy<InstallmentOverduePayload> {
  constructor(private readonly commands: CommandBus) {}

  async react({ tenantId, payload }: ReceivedEvent<InstallmentOverduePayload>, tx: EntityManager) {
    await this.commands.execute(new PlanCycleCommand(tenantId, openInstallmentDebtOf(payload), tx));
  }
}

import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { InstallmentDueSoonPayload } from '../../../debtor-sync/contracts';
import { PlanCycleCommand } from '../plan-cycle/plan-cycle.command';
import { openInstallmentDebtOf } from './clinic-installment-debts';
import type { Policy, ReceivedEvent } from './policy';

/** debtor-sync `InstallmentDueSoonEvent` → `PlanCycleCommand`: pre-due reminders for a clinic installment. */
@Injectable()
export class WhenInstallmentDueSoonPlanCyclePolicy implements Policy<InstallmentDueSoonPayload> {
  constructor(private readonly commands: CommandBus) {}

  async react({ tenantId, payload }: ReceivedEvent<InstallmentDueSoonPayload>, tx: EntityManager) {
    await this.commands.execute(new PlanCycleCommand(tenantId, openInstallmentDebtOf(payload), tx));
  }
}

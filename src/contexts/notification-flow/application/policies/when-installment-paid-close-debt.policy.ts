import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { InstallmentPayload } from '../../../debtor-sync/contracts';
import { CloseDebtCommand } from '../close-debt/close-debt.command';
import { closedInstallmentDebtOf } from './clinic-installment-debts';
import type { Policy, ReceivedEvent } from './policy';

/** debtor-sync `InstallmentPaidEvent` → `CloseDebtCommand` (reason `paid`). */
@Injectable()
export class WhenInstallmentPaidCloseDebtPolicy implements Policy<InstallmentPayload> {
  constructor(private readonly commands: CommandBus) {}

  async react({ tenantId, payload }: ReceivedEvent<InstallmentPayload>, tx: EntityManager) {
    await this.commands.execute(new CloseDebtCommand(tenantId, closedInstallmentDebtOf(payload), 'paid', tx));
  }
}

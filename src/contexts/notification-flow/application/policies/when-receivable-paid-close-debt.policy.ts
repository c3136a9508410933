import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { ReceivablePayload } from '../../../sync-ixc/contracts';
import { CloseDebtCommand } from '../close-debt/close-debt.command';
import { closedDebtOf } from './ixc-receivable-debts';
import type { Policy, ReceivedEvent } from './policy';

/** sync-ixc `ReceivablePaidEvent` → `CloseDebtCommand` (reason `paid`). */
@Injectable()
export class WhenReceivablePaidCloseDebtPolicy implements Policy<ReceivablePayload> {
  constructor(private readonly commands: CommandBus) {}

  async react({ tenantId, payload }: ReceivedEvent<ReceivablePayload>, tx: EntityManager) {
    await this.commands.execute(new CloseDebtCommand(tenantId, closedDebtOf(payload), 'paid', tx));
  }
}

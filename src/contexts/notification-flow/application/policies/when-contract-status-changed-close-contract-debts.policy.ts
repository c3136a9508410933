import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { ContractStatusChangedPayload } from '../../../sync-ixc/contracts';
import { CloseContractDebtsCommand } from '../close-contract-debts/close-contract-debts.command';
import type { Policy, ReceivedEvent } from './policy';

/** IXC contract statuses that end the relationship: I (inativo) and D (desistiu). */
const CANCELLED_CONTRACT = new Set(['I', 'D']);

/**
 * sync-ixc `ContractStatusChangedEvent` → `CloseContractDebtsCommand`, only when the contract has just
 * been cancelled (any other change, or one between two cancelled statuses, is ignored).
 */
@Injectable()
export class WhenContractStatusChangedCloseContractDebtsPolicy implements Policy<ContractStatusChangedPayload> {
  constructor(private readonly commands: CommandBus) {}

  async react({ tenantId, payload }: ReceivedEvent<ContractStatusChangedPayload>, tx: EntityManager) {
    const cancelled =
      CANCELLED_CONTRACT.has(payload.current.status) && !CANCELLED_CONTRACT.has(payload.previous.status);
    if (cancelled)
      await this.commands.execute(new CloseContractDebtsCommand(tenantId, payload.contractId, tx));
  }
}

import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { ClinicContractStatusChangedPayload } from '../../../debtor-sync/contracts';
import { CloseContractDebtsCommand } from '../close-contract-debts/close-contract-debts.command';
import { clinicContractId } from './clinic-installment-debts';
import type { Policy, ReceivedEvent } from './policy';

/** Clinic contract statuses that stop the cadence: friendly dunning turned off, or the clinic no longer covered. */
const STOPPED = new Set(['dunning_disabled', 'uncovered']);

/**
 * debtor-sync `ClinicContractStatusChangedEvent` → `CloseContractDebtsCommand`, only when the contract has
 * just stopped (any other change, or one between two stopped statuses, is ignored).
 */
@Injectable()
export class WhenClinicContractStatusChangedCloseContractDebtsPolicy implements Policy<ClinicContractStatusChangedPayload> {
  constructor(private readonly commands: CommandBus) {}

  async react({ tenantId, payload }: ReceivedEvent<ClinicContractStatusChangedPayload>, tx: EntityManager) {
    if (STOPPED.has(payload.current.status) && !STOPPED.has(payload.previous.status))
      await this.commands.execute(
        new CloseContractDebtsCommand(tenantId, clinicContractId(payload.contractId), tx),
      );
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ContractRecheckRepository } from '../ports/contract-recheck.repository';
import { QueueContractRechecksCommand } from './queue-contract-rechecks.command';

@CommandHandler(QueueContractRechecksCommand)
export class QueueContractRechecksHandler implements ICommandHandler<QueueContractRechecksCommand, void> {
  constructor(private readonly rechecks: ContractRecheckRepository) {}

  async execute(command: QueueContractRechecksCommand): Promise<void> {
    if (command.contractIds.length === 0) return;
    await this.rechecks.enqueue(command.tx, command.metadata.tenantId, command.contractIds);
  }
}

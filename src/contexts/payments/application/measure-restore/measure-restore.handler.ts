import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PaymentsMetrics } from '../payments-metrics';
import { PaymentRepository } from '../ports/payment.repository';
import { MeasureRestoreCommand } from './measure-restore.command';

@CommandHandler(MeasureRestoreCommand)
export class MeasureRestoreHandler implements ICommandHandler<MeasureRestoreCommand> {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly metrics: PaymentsMetrics,
  ) {}

  async execute(command: MeasureRestoreCommand): Promise<void> {
    const seconds = await this.payments.markRestored(
      command.metadata.tenantId,
      command.contractId,
      command.at,
    );
    if (seconds !== null) this.metrics.toRestore.observe(Math.max(0, seconds));
  }
}

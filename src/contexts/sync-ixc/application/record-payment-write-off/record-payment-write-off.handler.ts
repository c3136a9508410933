import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { localDate } from '../../../../shared/time/local-date';
import { writeOffBody } from '../../domain/write-off';
import { IxcNotConfiguredError } from '../../sync-ixc.errors';
import { IxcSource } from '../ports/ixc-source';
import { PaymentWriteOffRepository } from '../ports/payment-write-off.repository';
import { RecordPaymentWriteOffCommand, type WriteOffOutcome } from './record-payment-write-off.command';

/** IXC statuses after which a write-off would be wrong: received, cancelled. */
const SETTLED = new Set(['R', 'C']);

@CommandHandler(RecordPaymentWriteOffCommand)
export class RecordPaymentWriteOffHandler implements ICommandHandler<
  RecordPaymentWriteOffCommand,
  WriteOffOutcome
> {
  private readonly logger = new Logger('PaymentWriteOff');

  constructor(
    private readonly writeOffs: PaymentWriteOffRepository,
    private readonly source: IxcSource,
  ) {}

  async execute(command: RecordPaymentWriteOffCommand): Promise<WriteOffOutcome> {
    const tenantId = command.metadata.tenantId;
    const p = command.payment;
    const settings = await this.writeOffs.settings(tenantId);
    if (!settings.enabled || !settings.accountId) return 'disabled';
    // Enabled, but IXC itself left unconfigured: nothing to write off into (not worth retrying).
    try {
      await this.source.assertConfigured(tenantId);
    } catch (error) {
      if (error instanceof IxcNotConfiguredError) return 'disabled';
      throw error;
    }
    const claim = await this.writeOffs.claim(tenantId, p.paymentId, p.receivableId);
    if (!claim.created && claim.status !== 'sending') return 'already_done';
    // A claim left `sending` is a write-off that may have reached IXC before a crash: IXC's own view of
    // the receivable decides, so it is never recorded twice.
    const live = await this.source.receivable(tenantId, p.receivableId);
    const status = (live?.status ?? '').trim();
    if (!live || SETTLED.has(status)) {
      const detail = !live ? 'IXC does not know the receivable' : `IXC shows it ${status}`;
      await this.writeOffs.settle(tenantId, p.paymentId, 'skipped', { detail });
      return 'skipped';
    }
    const body = writeOffBody({
      receivableId: p.receivableId,
      amountCents: p.amountCents,
      paidOn: localDate(p.paidAt ? new Date(p.paidAt) : new Date(), 'America/Sao_Paulo'),
      method: p.method,
      branchId: await this.writeOffs.branchOf(tenantId, p.receivableId),
      accountId: settings.accountId,
      history: `Régua: pagamento ${p.provider} ${p.providerPaymentId}`,
    });
    // Unreachable IXC throws: the consumer tries again later, and the claim left `sending` is reconciled.
    const result = await this.source.writeOff(tenantId, body);
    if (result.recorded) {
      await this.writeOffs.settle(tenantId, p.paymentId, 'recorded', { ixcId: result.ixcId });
      return 'recorded';
    }
    // IXC refused it (type:error): final, an operator looks at the log and IXC.
    this.logger.warn(
      { tenantId, receivableId: p.receivableId, refusal: result.refusal },
      'IXC refused a write-off',
    );
    await this.writeOffs.settle(tenantId, p.paymentId, 'failed', { detail: result.refusal.slice(0, 500) });
    return 'failed';
  }
}

import { Command } from '../../../../shared/ddd/command';

export interface PaymentToWriteOff {
  paymentId: string;
  receivableId: string;
  amountCents: number;
  /** ISO 8601 instant; the write-off is dated on its day in São Paulo (today when null) */
  paidAt: string | null;
  method: string;
  provider: string;
  providerPaymentId: string;
}

export type WriteOffOutcome = 'disabled' | 'recorded' | 'already_done' | 'skipped' | 'failed';

/**
 * Records a payment Régua received in IXC ("baixa" of the receivable), where the tenant enables it; at
 * most once per payment, and never for a receivable IXC already shows received or cancelled.
 */
export class RecordPaymentWriteOffCommand extends Command<WriteOffOutcome> {
  constructor(
    tenantId: string,
    readonly payment: PaymentToWriteOff,
  ) {
    super(tenantId);
  }
}

export type WriteOffStatus = 'sending' | 'recorded' | 'skipped' | 'failed';

export interface WriteOffClaim {
  /** true when this call created the claim; false when one existed (its status tells what happened) */
  created: boolean;
  status: WriteOffStatus;
}

/** Write-offs Régua records in IXC, one per payment (`sync_ixc.payment_write_offs`). */
export abstract class PaymentWriteOffRepository {
  /** Claims the payment's write-off (status `sending`) unless one exists. */
  abstract claim(tenantId: string, paymentId: string, receivableId: string): Promise<WriteOffClaim>;

  abstract settle(
    tenantId: string,
    paymentId: string,
    status: Exclude<WriteOffStatus, 'sending'>,
    detail: { ixcId?: string | null; detail?: string | null },
  ): Promise<void>;

  /** The tenant's write-off settings (`ixc` integration: writeOffPayments, writeOffAccountId). */
  abstract settings(tenantId: string): Promise<{ enabled: boolean; accountId: string | null }>;

  /** The mirrored receivable's branch (`filial_id`), sent with the write-off. */
  abstract branchOf(tenantId: string, receivableId: string): Promise<string | null>;
}

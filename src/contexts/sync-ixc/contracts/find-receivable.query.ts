import { Query } from '../../../shared/ddd/query';

/** How a payment names the receivable it settles; the first key that finds one wins, in this order. */
export interface ReceivableKeys {
  /** IXC `fn_areceber.id` (a gateway's external reference, or Régua's own reference, carries it) */
  receivableId?: string;
  /** the boleto's "nosso número" (`fn_areceber.nn_boleto`) */
  boletoNumber?: string;
  /** the PIX charge's txid (`fn_areceber.pix_txid`) */
  pixTxid?: string;
}

export interface FoundReceivable {
  receivableId: string;
  customerId: string;
  contractId: string | null;
  dueDate: string | null;
  amountCents: number;
  openCents: number;
  /** IXC status: A, P, R, C */
  status: string;
  /** which key found it */
  matchedBy: keyof ReceivableKeys;
}

/** The mirrored receivable a payment names, or null when none of its keys is known. */
export class FindReceivableQuery extends Query<FoundReceivable | null> {
  constructor(
    tenantId: string,
    readonly keys: ReceivableKeys,
  ) {
    super(tenantId);
  }
}

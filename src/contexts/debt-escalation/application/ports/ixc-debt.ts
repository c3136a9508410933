import type { OverdueReceivable, ReceivablePayload } from '../../../sync-ixc/contracts';
import type { OverdueDebt } from '../../domain/escalation-rule';

type IxcReceivable = Pick<
  ReceivablePayload,
  'receivableId' | 'customerId' | 'contractId' | 'amountCents' | 'openCents' | 'updatedAt'
> & {
  dueDate: string;
  customer?: { name: string; document: string | null } | null;
};

/** An IXC receivable (sync-ixc's event or query) as a debt of this context: ids as IXC's own. */
export function ixcDebt(r: IxcReceivable | OverdueReceivable): OverdueDebt {
  return {
    source: 'ixc',
    debtId: r.receivableId,
    debtorId: r.customerId,
    contractId: r.contractId,
    dueDate: r.dueDate,
    amountCents: r.amountCents,
    openCents: r.openCents,
    ...('updatedAt' in r && r.updatedAt ? { version: r.updatedAt } : {}),
    ...(r.customer ? { debtor: { name: r.customer.name, document: r.customer.document } } : {}),
  };
}

import type { CustomerContact, ReceivablePayload } from '../../../sync-ixc/contracts';
import type { ClosedDebt, OpenDebt } from '../../domain/debts';

/** Debts and debtors from IXC are named `ixc:<receivable id>` / `ixc:<customer id>`. */
const SOURCE = 'ixc';

/** An open IXC receivable (due soon, overdue) as the debt the cadence chases. */
export function openDebtOf(p: ReceivablePayload & { customer?: CustomerContact }): OpenDebt | null {
  if (!p.dueDate) return null;
  return {
    source: SOURCE,
    debtId: `${SOURCE}:${p.receivableId}`,
    debtorId: `${SOURCE}:${p.customerId}`,
    contractId: p.contractId,
    description: p.contractId
      ? `Fatura ${p.receivableId} (contrato ${p.contractId})`
      : `Fatura ${p.receivableId}`,
    dueDate: p.dueDate,
    amountCents: p.amountCents,
    openCents: p.openCents,
    sourceUpdatedAt: p.updatedAt ?? null,
    debtor: p.customer
      ? {
          name: p.customer.name,
          document: p.customer.document,
          email: p.customer.email,
          phone: p.customer.mobilePhone,
          whatsapp: p.customer.whatsapp,
        }
      : undefined,
  };
}

/** A settled IXC receivable (paid, cancelled) as the debt it closes. */
export function closedDebtOf(p: ReceivablePayload): ClosedDebt {
  return {
    source: SOURCE,
    debtId: `${SOURCE}:${p.receivableId}`,
    debtorId: `${SOURCE}:${p.customerId}`,
    contractId: p.contractId,
    dueDate: p.dueDate,
    amountCents: p.amountCents,
    sourceUpdatedAt: p.updatedAt ?? null,
  };
}

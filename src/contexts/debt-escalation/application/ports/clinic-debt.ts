import type { InstallmentPayload, OverdueInstallment } from '../../../debtor-sync/contracts';
import type { OverdueDebt } from '../../domain/escalation-rule';

/**
 * A clinic installment (debtor-sync's event or query) as a debt of this context: the debtor is the
 * patient, the contract the clinic contract (one case per patient + contract). The list query carries
 * only what is still owed, so it stands for the amount too (an open installment owes all of it).
 */
export function clinicDebt(i: OverdueInstallment): OverdueDebt {
  return {
    source: 'clinic',
    debtId: i.installmentId,
    debtorId: i.debtorId,
    contractId: i.contractId,
    dueDate: i.dueDate,
    amountCents: i.openCents,
    openCents: i.openCents,
    debtor: { name: i.patientName, document: i.patientCpf },
  };
}

export function clinicDebtOfEvent(p: InstallmentPayload): OverdueDebt {
  return {
    source: 'clinic',
    debtId: p.installmentId,
    debtorId: p.patient.patientId,
    contractId: p.contractId,
    dueDate: p.dueDate,
    amountCents: p.amountCents,
    openCents: p.openCents,
    debtor: { name: p.patient.name, document: p.patient.cpf },
    version: p.version,
  };
}

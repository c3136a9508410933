import type { InstallmentPayload, PatientContact } from '../../../debtor-sync/contracts';
import type { ClosedDebt, DebtorContact, OpenDebt } from '../../domain/debts';

/**
 * Debts, debtors and contracts from the clinic network are named `clinic:<installment id>`,
 * `clinic:<patient id>`, `clinic:<contract id>`: a tenant with an ISP and clinics never mixes their ids.
 */
const SOURCE = 'clinic';

/** An open clinic installment (due soon, overdue) as the debt the cadence chases. */
export function openInstallmentDebtOf(p: InstallmentPayload): OpenDebt {
  return {
    source: SOURCE,
    debtId: `${SOURCE}:${p.installmentId}`,
    debtorId: `${SOURCE}:${p.patient.patientId}`,
    contractId: `${SOURCE}:${p.contractId}`,
    description: `Parcela ${p.number} — ${p.clinicName}`,
    creditorName: p.clinicName,
    dueDate: p.dueDate,
    amountCents: p.amountCents,
    openCents: p.openCents,
    sourceUpdatedAt: p.version,
    debtor: recipientOf(p.patient),
  };
}

/** A settled clinic installment (paid, renegotiated, written off) as the debt it closes. */
export function closedInstallmentDebtOf(p: InstallmentPayload): ClosedDebt {
  return {
    source: SOURCE,
    debtId: `${SOURCE}:${p.installmentId}`,
    debtorId: `${SOURCE}:${p.patient.patientId}`,
    contractId: `${SOURCE}:${p.contractId}`,
    dueDate: p.dueDate,
    amountCents: p.amountCents,
    sourceUpdatedAt: p.version,
  };
}

export function clinicContractId(contractId: string): string {
  return `${SOURCE}:${contractId}`;
}

/**
 * Who the cadence writes to for a patient. A minor never: the responsible person the clinic names, when
 * they have a phone or e-mail; otherwise the minor with no address and their birth date, so every step is
 * skipped with reason `minor`. Consent is the contract's friendly-dunning flag (`no_consent` when false).
 */
export function recipientOf(patient: PatientContact): DebtorContact {
  if (patient.minor) {
    const responsible = patient.responsible;
    if (responsible && (responsible.phone || responsible.email)) {
      return {
        name: responsible.name,
        document: null,
        email: responsible.email,
        phone: responsible.phone,
        whatsapp: responsible.phone,
        consent: patient.consent,
        birthDate: null,
      };
    }
    return {
      name: patient.name,
      document: patient.cpf,
      email: null,
      phone: null,
      whatsapp: null,
      consent: patient.consent,
      birthDate: patient.birthDate,
    };
  }
  return {
    name: patient.name,
    document: patient.cpf,
    email: patient.email,
    phone: patient.mobilePhone,
    whatsapp: patient.whatsapp,
    consent: patient.consent,
    birthDate: patient.birthDate,
  };
}

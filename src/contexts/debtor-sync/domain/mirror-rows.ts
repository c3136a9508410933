import type { InstallmentStatus } from './installment-status';

/** The mirror's rows, as the sync writes them (money in cents, dates `yyyy-mm-dd`, phones E.164). */
export interface PatientRow {
  id: string;
  clinicId: string;
  name: string;
  cpf: string | null;
  cpfValid: boolean;
  birthDate: string | null;
  email: string | null;
  mobilePhone: string | null;
  homePhone: string | null;
  workPhone: string | null;
  contactName: string | null;
  contactPhone: string | null;
  responsibleName: string | null;
  responsiblePhone: string | null;
  responsibleEmail: string | null;
  responsibleRelation: string | null;
}

/** `active`, or `dunning_disabled` when the clinic turned friendly dunning off for the contract. */
export type ContractStatus = 'active' | 'dunning_disabled';

export interface ContractRow {
  id: string;
  clinicId: string;
  patientId: string;
  version: number | null;
  status: ContractStatus;
  friendlyDunning: boolean;
  paymentMethod: string | null;
  totalCents: number | null;
}

export interface InstallmentRow {
  id: string;
  clinicId: string;
  contractId: string;
  patientId: string;
  number: number;
  dueDate: string;
  amountCents: number;
  rawStatus: string;
  status: InstallmentStatus;
  paymentMethod: string | null;
}

export interface MappedEntry {
  patient: PatientRow;
  contract: ContractRow;
  installments: InstallmentRow[];
  /** installments that could not be read (bad money or date), skipped and counted */
  rejected: number;
}

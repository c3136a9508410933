import type { ContractRow, InstallmentRow, PatientRow } from '../../domain/mirror-rows';
import type { Column } from './bulk-upsert';

export const PATIENT_COLUMNS: Array<Column<PatientRow>> = [
  { name: 'id', type: 'bigint', value: (r) => r.id },
  { name: 'clinic_id', type: 'uuid', value: (r) => r.clinicId },
  { name: 'name', type: 'text', value: (r) => r.name },
  { name: 'cpf', type: 'text', value: (r) => r.cpf },
  { name: 'cpf_valid', type: 'boolean', value: (r) => r.cpfValid },
  { name: 'birth_date', type: 'date', value: (r) => r.birthDate },
  { name: 'email', type: 'text', value: (r) => r.email },
  { name: 'mobile_phone', type: 'text', value: (r) => r.mobilePhone },
  { name: 'home_phone', type: 'text', value: (r) => r.homePhone },
  { name: 'work_phone', type: 'text', value: (r) => r.workPhone },
  { name: 'contact_name', type: 'text', value: (r) => r.contactName },
  { name: 'contact_phone', type: 'text', value: (r) => r.contactPhone },
  { name: 'responsible_name', type: 'text', value: (r) => r.responsibleName },
  { name: 'responsible_phone', type: 'text', value: (r) => r.responsiblePhone },
  { name: 'responsible_email', type: 'text', value: (r) => r.responsibleEmail },
  { name: 'responsible_relation', type: 'text', value: (r) => r.responsibleRelation },
];

export const CONTRACT_COLUMNS: Array<Column<ContractRow>> = [
  { name: 'id', type: 'bigint', value: (r) => r.id },
  { name: 'clinic_id', type: 'uuid', value: (r) => r.clinicId },
  { name: 'patient_id', type: 'bigint', value: (r) => r.patientId },
  { name: 'version', type: 'integer', value: (r) => r.version },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'friendly_dunning', type: 'boolean', value: (r) => r.friendlyDunning },
  { name: 'payment_method', type: 'text', value: (r) => r.paymentMethod },
  { name: 'total_cents', type: 'bigint', value: (r) => r.totalCents },
];

export const INSTALLMENT_COLUMNS: Array<Column<InstallmentRow>> = [
  { name: 'id', type: 'bigint', value: (r) => r.id },
  { name: 'clinic_id', type: 'uuid', value: (r) => r.clinicId },
  { name: 'contract_id', type: 'bigint', value: (r) => r.contractId },
  { name: 'patient_id', type: 'bigint', value: (r) => r.patientId },
  { name: 'number', type: 'integer', value: (r) => r.number },
  { name: 'due_date', type: 'date', value: (r) => r.dueDate },
  { name: 'amount_cents', type: 'bigint', value: (r) => r.amountCents },
  { name: 'raw_status', type: 'text', value: (r) => r.rawStatus },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'payment_method', type: 'text', value: (r) => r.paymentMethod },
];

/** The notice marks a page write sets: the due date an overdue / due-soon event was just written for. */
export interface NoticeMarks {
  overdue: string | null;
  dueSoon: string | null;
}

/** The notice marks as columns written with the row but not hashed (assigned on rewrite by the SET below). */
export function installmentNoticeColumns(marks: Map<string, NoticeMarks>): Array<Column<InstallmentRow>> {
  return [
    { name: 'overdue_notified_for', type: 'date', value: (r) => marks.get(r.id)?.overdue ?? null },
    { name: 'due_soon_notified_for', type: 'date', value: (r) => marks.get(r.id)?.dueSoon ?? null },
  ];
}

/**
 * On rewrite: a mark set by this write wins; otherwise a row that comes back open after being paid or
 * cancelled is announced again (its marks reset), and any other keeps its marks.
 */
export const INSTALLMENT_REOPEN_SET = `overdue_notified_for = COALESCE(EXCLUDED.overdue_notified_for,
    CASE WHEN EXCLUDED.status = 'open' AND t.status <> 'open' THEN NULL ELSE t.overdue_notified_for END),
  due_soon_notified_for = COALESCE(EXCLUDED.due_soon_notified_for,
    CASE WHEN EXCLUDED.status = 'open' AND t.status <> 'open' THEN NULL ELSE t.due_soon_notified_for END)`;

import type { InstallmentPayload, PatientContact } from '../../contracts/installment-events';
import { isMinor } from '../../domain/minor';
import type { InstallmentRow, PatientRow } from '../../domain/mirror-rows';
import type { CoveredClinic } from '../../application/ports/clinic-coverage.repository';

/** A patient's contact as events carry it; `consent` is the contract's friendly-dunning flag. */
export function contactOf(p: PatientRow, consent: boolean, today: string): PatientContact {
  return {
    patientId: p.id,
    name: p.name,
    cpf: p.cpf,
    email: p.email,
    mobilePhone: p.mobilePhone ?? p.contactPhone,
    whatsapp: p.mobilePhone,
    birthDate: p.birthDate,
    minor: isMinor(p.birthDate, today),
    responsible: p.responsibleName
      ? {
          name: p.responsibleName,
          phone: p.responsiblePhone,
          email: p.responsibleEmail,
          relation: p.responsibleRelation,
        }
      : null,
    consent,
  };
}

/** `yyyy-mm-dd hh:mm:ss.mmm` in UTC: the version events carry (Postgres reads it as a timestamp). */
export function versionOf(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '');
}

export function installmentPayload(
  clinic: CoveredClinic,
  row: InstallmentRow,
  patient: PatientContact,
  version: string,
): InstallmentPayload {
  return {
    installmentId: row.id,
    contractId: row.contractId,
    clinicId: clinic.id,
    clinicExternalId: clinic.externalId,
    clinicName: clinic.name,
    number: row.number,
    dueDate: row.dueDate,
    amountCents: row.amountCents,
    openCents: row.status === 'open' ? row.amountCents : 0,
    status: row.status,
    rawStatus: row.rawStatus,
    version,
    patient,
  };
}

/** The patient columns a notice query selects, as a PatientRow. */
export const PATIENT_SELECT = `p.name, p.cpf, p.cpf_valid AS "cpfValid",
  to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate", p.email, p.mobile_phone AS "mobilePhone",
  p.home_phone AS "homePhone", p.work_phone AS "workPhone", p.contact_name AS "contactName",
  p.contact_phone AS "contactPhone", p.responsible_name AS "responsibleName",
  p.responsible_phone AS "responsiblePhone", p.responsible_email AS "responsibleEmail",
  p.responsible_relation AS "responsibleRelation"`;

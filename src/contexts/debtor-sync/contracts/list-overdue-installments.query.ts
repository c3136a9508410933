import { Query } from '../../../shared/ddd/query';

export interface OverdueInstallment {
  /** the patient (debtor) id, the clinic API's `idPaciente` */
  debtorId: string;
  contractId: string;
  installmentId: string;
  clinicId: string;
  clinicName: string;
  dueDate: string;
  daysOverdue: number;
  openCents: number;
  patientName: string;
  /** 11 digits when valid, else null */
  patientCpf: string | null;
}

/**
 * Open installments of covered clinics at least `minDaysOverdue` days past due (tenant's calendar), by
 * installment id; page with `afterInstallmentId` (keyset) and `limit` (max 1000).
 */
export class ListOverdueInstallmentsQuery extends Query<OverdueInstallment[]> {
  constructor(
    tenantId: string,
    readonly minDaysOverdue: number,
    readonly limit = 500,
    readonly afterInstallmentId: string | null = null,
  ) {
    super(tenantId);
  }
}

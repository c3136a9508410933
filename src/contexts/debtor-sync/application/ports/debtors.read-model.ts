import type { OverdueInstallment } from '../../contracts/list-overdue-installments.query';

export interface DebtorFilter {
  clinicId?: string;
  minDaysOverdue?: number;
  q?: string;
  limit: number;
  offset: number;
}

export interface DebtorSummaryItem {
  id: string;
  name: string;
  cpf: string | null;
  clinicId: string;
  clinicName: string;
  minor: boolean;
  overdueInstallments: number;
  openCents: number;
  oldestDueDate: string;
  daysOverdue: number;
}

export interface AgingBucket {
  bucket: string;
  installments: number;
  openCents: number;
}

export interface DebtorList {
  summary: { openCents: number; debtors: number; overdueInstallments: number; aging: AgingBucket[] };
  items: DebtorSummaryItem[];
  total: number;
}

export interface DebtorDetail {
  id: string;
  name: string;
  cpf: string | null;
  birthDate: string | null;
  minor: boolean;
  email: string | null;
  phones: { mobile: string | null; home: string | null; work: string | null; contact: string | null };
  contactName: string | null;
  responsible: { name: string; phone: string | null; email: string | null; relation: string | null } | null;
  clinic: { id: string; name: string; externalId: string; coverage: string };
  openCents: number;
  contracts: Array<{
    id: string;
    version: number | null;
    status: string;
    friendlyDunning: boolean;
    paymentMethod: string | null;
    totalCents: number | null;
    installments: Array<{
      id: string;
      number: number;
      dueDate: string;
      amountCents: number;
      status: string;
      rawStatus: string;
      daysOverdue: number;
    }>;
  }>;
}

export abstract class DebtorsReadModel {
  abstract list(tenantId: string, today: string, filter: DebtorFilter): Promise<DebtorList>;
  abstract get(tenantId: string, today: string, id: string): Promise<DebtorDetail | null>;
  abstract overdue(
    tenantId: string,
    today: string,
    minDaysOverdue: number,
    limit: number,
    afterInstallmentId: string | null,
  ): Promise<OverdueInstallment[]>;
}

/** The receivable a notice is about (the shape of the contracts' `ReceivablePayload`). */
export interface NoticeReceivable {
  receivableId: string;
  customerId: string;
  contractId: string | null;
  dueDate: string | null;
  amountCents: number;
  openCents: number;
  updatedAt?: string | null;
}

/** The customer's contact data a notice carries (the shape of the contracts' `CustomerContact`). */
export interface NoticeCustomer {
  name: string;
  document: string | null;
  email: string | null;
  mobilePhone: string | null;
  whatsapp: string | null;
  personType: string | null;
}

/** Receivables noticed per transaction. */
export const NOTICE_BATCH = 5000;

/** A receivable a notice fires for, with its customer's contact data (null columns: not mirrored). */
export interface NoticedReceivable {
  id: string;
  customerId: string;
  contractId: string | null;
  dueDate: string;
  amountCents: string;
  openCents: string;
  updatedAt: string | null;
  customerName: string | null;
  document: string | null;
  email: string | null;
  mobilePhone: string | null;
  whatsapp: string | null;
  personType: string | null;
  customerMirrored: boolean;
}

export function receivablePayload(row: NoticedReceivable): NoticeReceivable {
  return {
    receivableId: row.id,
    customerId: row.customerId,
    contractId: row.contractId,
    dueDate: row.dueDate,
    amountCents: Number(row.amountCents),
    openCents: Number(row.openCents),
    updatedAt: row.updatedAt,
  };
}

/** `{ customer }` when the customer is mirrored; nothing otherwise (the field is optional). */
export function customerOf(row: NoticedReceivable): { customer?: NoticeCustomer } {
  if (!row.customerMirrored) return {};
  return {
    customer: {
      name: row.customerName ?? '',
      document: row.document,
      email: row.email,
      mobilePhone: row.mobilePhone,
      whatsapp: row.whatsapp,
      personType: row.personType,
    },
  };
}

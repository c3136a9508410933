import type { IxcContract, IxcCustomer, IxcReceivable } from '../../domain/ixc-records';
import type { Column } from './bulk-upsert';

const updatedAt = { name: 'ixc_updated_at', type: 'timestamp', hashed: false } as const;

export const CUSTOMER_COLUMNS: Array<Column<IxcCustomer>> = [
  { name: 'id', type: 'bigint', value: (r) => r.id },
  { name: 'name', type: 'text', value: (r) => r.name },
  { name: 'trade_name', type: 'text', value: (r) => r.tradeName },
  { name: 'document', type: 'text', value: (r) => r.document },
  { name: 'document_valid', type: 'boolean', value: (r) => r.documentValid },
  { name: 'person_type', type: 'text', value: (r) => r.personType },
  { name: 'active', type: 'boolean', value: (r) => r.active },
  { name: 'email', type: 'text', value: (r) => r.email },
  { name: 'mobile_phone', type: 'text', value: (r) => r.mobilePhone },
  { name: 'whatsapp', type: 'text', value: (r) => r.whatsapp },
  { name: 'landline', type: 'text', value: (r) => r.landline },
  { name: 'branch_id', type: 'text', value: (r) => r.branchId },
  { ...updatedAt, value: (r) => r.updatedAt },
];

export const CONTRACT_COLUMNS: Array<Column<IxcContract>> = [
  { name: 'id', type: 'bigint', value: (r) => r.id },
  { name: 'customer_id', type: 'bigint', value: (r) => r.customerId },
  { name: 'branch_id', type: 'text', value: (r) => r.branchId },
  { name: 'plan', type: 'text', value: (r) => r.plan },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'internet_status', type: 'text', value: (r) => r.internetStatus },
  { name: 'speed_status', type: 'text', value: (r) => r.speedStatus },
  { name: 'do_not_block_until', type: 'date', value: (r) => r.doNotBlockUntil },
  { name: 'trust_unlock_active', type: 'boolean', value: (r) => r.trustUnlockActive },
  { name: 'activated_at', type: 'date', value: (r) => r.activatedAt },
  { ...updatedAt, value: (r) => r.updatedAt },
];

export const RECEIVABLE_COLUMNS: Array<Column<IxcReceivable>> = [
  { name: 'id', type: 'bigint', value: (r) => r.id },
  { name: 'customer_id', type: 'bigint', value: (r) => r.customerId },
  { name: 'contract_id', type: 'bigint', value: (r) => r.contractId },
  { name: 'branch_id', type: 'text', value: (r) => r.branchId },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'released', type: 'boolean', value: (r) => r.released },
  { name: 'amount_cents', type: 'bigint', value: (r) => r.amountCents },
  { name: 'open_cents', type: 'bigint', value: (r) => r.openCents },
  { name: 'received_cents', type: 'bigint', value: (r) => r.receivedCents },
  { name: 'due_date', type: 'date', value: (r) => r.dueDate },
  { name: 'issued_at', type: 'date', value: (r) => r.issuedAt },
  { name: 'paid_at', type: 'date', value: (r) => r.paidAt },
  { name: 'cancelled_at', type: 'date', value: (r) => r.cancelledAt },
  { name: 'boleto_number', type: 'text', value: (r) => r.boletoNumber },
  { name: 'pix_txid', type: 'text', value: (r) => r.pixTxid },
  { ...updatedAt, value: (r) => r.updatedAt },
];

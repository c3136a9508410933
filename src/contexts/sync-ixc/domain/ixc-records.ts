/**
 * IXC rows after the anti-corruption layer: typed, money in cents, dates as `YYYY-MM-DD` (or
 * `YYYY-MM-DD HH:MM:SS` for timestamps, in the IXC server's local time, as IXC sends them), empty
 * dates (`0000-00-00`, `""`) as null, phones in E.164, CPF/CNPJ as digits, secrets dropped.
 * `raw` keeps every other field as IXC sent it (strings), minus secrets.
 */
export type IxcRaw = Record<string, string>;

export interface IxcCustomer {
  id: string;
  name: string;
  tradeName: string | null;
  /** CPF/CNPJ without mask: digits (and, for the alphanumeric CNPJ from July 2026, uppercase letters). */
  document: string | null;
  documentValid: boolean;
  personType: 'F' | 'J' | null;
  active: boolean;
  email: string | null;
  /** E.164 (`+5579998307232`); a mobile missing its 9th digit is completed. */
  mobilePhone: string | null;
  whatsapp: string | null;
  landline: string | null;
  branchId: string | null;
  updatedAt: string | null;
  raw: IxcRaw;
}

export interface IxcContract {
  id: string;
  customerId: string;
  branchId: string | null;
  plan: string | null;
  /** A, I, P, N, D (others kept as sent). */
  status: string;
  /** A, D, CM, CA, FA, AA (others kept as sent). */
  internetStatus: string;
  speedStatus: string | null;
  /** `nao_bloquear_ate` */
  doNotBlockUntil: string | null;
  /** `desbloqueio_confianca_ativo = S` */
  trustUnlockActive: boolean;
  activatedAt: string | null;
  updatedAt: string | null;
  raw: IxcRaw;
}

export interface IxcReceivable {
  id: string;
  customerId: string;
  contractId: string | null;
  branchId: string | null;
  /** A (open), P (partially paid), R (received), C (cancelled); others kept as sent. */
  status: string;
  /** `liberado = S` (N = hidden invoice). */
  released: boolean;
  amountCents: number;
  openCents: number;
  receivedCents: number;
  dueDate: string | null;
  issuedAt: string | null;
  paidAt: string | null;
  cancelledAt: string | null;
  /** `nn_boleto`, the boleto's "nosso número" (matches a payment to its charge) */
  boletoNumber: string | null;
  /** `pix_txid`, the PIX charge's txid */
  pixTxid: string | null;
  updatedAt: string | null;
  raw: IxcRaw;
}

import { parseDocument } from './document';
import type { IxcContract, IxcCustomer, IxcRaw, IxcReceivable } from '../../domain/ixc-records';
import { dropSecrets } from './ixc-secrets';
import {
  isYes,
  IxcValueError,
  refOrNull,
  textOrNull,
  toCents,
  toIsoDate,
  toIsoTimestamp,
} from './ixc-values';
import { toE164Phone } from './phone';

/**
 * IXC rows (integrations.md §1.7–1.9) → the typed records of `domain/ixc-records.ts`. A row without an id, or with
 * a money field that is not a number, is refused with an IxcRecordError naming the table, row and field:
 * silently turning it into zero would misstate a debt.
 */
export class IxcRecordError extends Error {
  override name = 'IxcRecordError';

  constructor(
    readonly table: string,
    readonly rowId: string | null,
    readonly field: string,
    reason: string,
  ) {
    super(`${table} ${rowId ?? '(no id)'}: ${field} ${reason}`);
  }
}

export function toCustomer(row: IxcRaw): IxcCustomer {
  const raw = dropSecrets(row);
  const id = requiredId(raw, 'cliente', 'id');
  const document = parseDocument(raw.cnpj_cpf);
  return {
    id,
    name: (raw.razao ?? '').trim(),
    tradeName: textOrNull(raw.fantasia),
    document: document.value,
    documentValid: document.valid,
    personType: personType(raw.tipo_pessoa, document.kind),
    active: isYes(raw.ativo),
    // `hotsite_email` is the customer-portal login, the only address some customers have.
    email: emailOrNull(raw.email) ?? emailOrNull(raw.hotsite_email),
    mobilePhone: toE164Phone(raw.telefone_celular),
    whatsapp: toE164Phone(raw.whatsapp),
    // `fone` is the home line; `telefone_comercial` is the only landline of many business customers.
    landline: toE164Phone(raw.fone) ?? toE164Phone(raw.telefone_comercial),
    branchId: refOrNull(raw.filial_id),
    updatedAt: toIsoTimestamp(raw.ultima_atualizacao),
    raw,
  };
}

export function toContract(row: IxcRaw): IxcContract {
  const raw = dropSecrets(row);
  return {
    id: requiredId(raw, 'cliente_contrato', 'id'),
    customerId: requiredId(raw, 'cliente_contrato', 'id_cliente'),
    branchId: refOrNull(raw.id_filial),
    plan: textOrNull(raw.contrato),
    status: (raw.status ?? '').trim(),
    internetStatus: (raw.status_internet ?? '').trim(),
    speedStatus: textOrNull(raw.status_velocidade),
    doNotBlockUntil: toIsoDate(raw.nao_bloquear_ate),
    trustUnlockActive: isYes(raw.desbloqueio_confianca_ativo),
    activatedAt: toIsoDate(raw.data_ativacao),
    updatedAt: toIsoTimestamp(raw.ultima_atualizacao),
    raw,
  };
}

export function toReceivable(row: IxcRaw): IxcReceivable {
  const raw = dropSecrets(row);
  const id = requiredId(raw, 'fn_areceber', 'id');
  const cents = (field: string, fallback?: string) => {
    const source = fallback !== undefined && textOrNull(raw[field]) === null ? fallback : field;
    try {
      return toCents(raw[source]);
    } catch (error) {
      if (error instanceof IxcValueError) throw new IxcRecordError('fn_areceber', id, source, error.message);
      throw error;
    }
  };
  return {
    id,
    customerId: requiredId(raw, 'fn_areceber', 'id_cliente'),
    contractId: refOrNull(raw.id_contrato),
    branchId: refOrNull(raw.filial_id),
    status: (raw.status ?? '').trim(),
    released: isYes(raw.liberado),
    amountCents: cents('valor'),
    openCents: cents('valor_aberto'),
    // Older IXC versions fill only `pagamento_valor`/`baixa_data` on settled receivables.
    receivedCents: cents('valor_recebido', 'pagamento_valor'),
    dueDate: toIsoDate(raw.data_vencimento),
    issuedAt: toIsoDate(raw.data_emissao),
    paidAt: toIsoDate(raw.pagamento_data) ?? toIsoDate(raw.baixa_data),
    cancelledAt: toIsoDate(raw.data_cancelamento),
    boletoNumber: textOrNull(raw.nn_boleto),
    pixTxid: textOrNull(raw.pix_txid),
    updatedAt: toIsoTimestamp(raw.ultima_atualizacao),
    raw,
  };
}

function requiredId(raw: IxcRaw, table: string, field: string): string {
  const value = refOrNull(raw[field]);
  if (value === null) throw new IxcRecordError(table, textOrNull(raw.id), field, 'is empty');
  return value;
}

function personType(value: string | undefined, documentKind: 'cpf' | 'cnpj' | null): 'F' | 'J' | null {
  const type = (value ?? '').trim().toUpperCase();
  if (type === 'F' || type === 'J') return type;
  // Without tipo_pessoa the document says it: a CPF is a person (F), a CNPJ a company (J).
  return documentKind === 'cpf' ? 'F' : documentKind === 'cnpj' ? 'J' : null;
}

function emailOrNull(value: string | undefined): string | null {
  const text = textOrNull(value);
  return text !== null && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) ? text : null;
}

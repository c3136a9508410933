import { MoneyColumn } from './ixc-columns';
import { DateColumn } from './ixc-date-columns';
import { errorMessage, htmlFailure, type IxcFailure } from './ixc-errors';
import { setContractStatus } from './ixc-mutations';
import { serverNow, type IxcState } from './ixc-state';
import { EnumColumn } from './ixc-text-columns';
import { PAYMENT_KINDS } from './ixc-tables';
import { parseIxcDate, SECONDS_PER_DAY, ZERO_DATE_KEY } from './ixc-time';
import { wireString } from './ixc-writes';

/** IXC's "receber título" route (integrations.md §1.8): a receipt of a receivable, a flat JSON body. */
export const WRITE_OFF_ROUTE = 'fn_areceber_recebimentos_baixas_novo';

const REQUIRED = ['id_receber', 'data', 'valor_total_recebido'] as const;

/** Internet statuses IXC's automatic release lifts once nothing is overdue (bloqueio automático, em atraso). */
const AUTO_RELEASED = new Set(['CA', 'FA']);

/**
 * A receipt (docs/integrations/payments.md §4): required fields missing → IXC's `type:error` with its
 * "O campo … é obrigatório!" message; unknown receivable → "Registro não encontrado!"; a receivable already
 * received or cancelled is refused; a value or date IXC's database cannot hold → its HTML error. The
 * receivable becomes received (R) or, for less than it owes, partially received (P). Like IXC's automatic
 * release, a contract blocked automatically (CA) or flagged in arrears (FA) is released when none of its
 * receivables is left overdue.
 */
export function recordWriteOff(
  state: IxcState,
  body: Record<string, unknown>,
): IxcFailure | { kind: 'success'; message: string; id: string } {
  const values = Object.fromEntries(REQUIRED.map((f) => [f, wireString(body[f])?.trim() ?? '']));
  const missing = REQUIRED.find((f) => values[f] === '');
  if (missing) return errorMessage(`O campo ${missing} é obrigatório!<br />`);
  const receivables = state.tables.fn_areceber;
  const row = /^\d{1,15}$/.test(values.id_receber!) ? receivables.rowOf(Number(values.id_receber)) : -1;
  if (row === -1) return errorMessage('Registro não encontrado!');
  const cents = decimalCents(values.valor_total_recebido!);
  const day = parseIxcDate(values.data!);
  if (cents === undefined || day === undefined || day === ZERO_DATE_KEY) return htmlFailure;
  const status = receivables.column('status')!.value(row);
  if (status === 'R') return errorMessage('Este título já está recebido!');
  if (status === 'C') return errorMessage('Este título está cancelado!');
  if (cents <= 0) return errorMessage('O valor recebido deve ser maior que zero!');

  const money = (name: string) => receivables.typed(name, MoneyColumn);
  const open = money('valor_aberto').cents(row);
  const paid = Math.min(cents, open);
  money('valor_aberto').setCents(row, open - paid);
  money('valor_recebido').setCents(row, money('valor_recebido').cents(row) + paid);
  receivables.typed('status', EnumColumn).write(row, open - paid === 0 ? 'R' : 'P');
  receivables.typed('pagamento_data', DateColumn).setDay(row, Math.floor(day / SECONDS_PER_DAY));
  const kind = wireString(body.tipo_recebimento)?.trim();
  const kinds: readonly string[] = PAYMENT_KINDS;
  receivables
    .typed('tipo_recebimento', EnumColumn)
    .write(row, kind && kinds.includes(kind) ? kind : 'Gateway');
  receivables.touch(row, serverNow(state));

  const id = state.receipts.length + 1;
  state.receipts.push({ id, receivableId: receivables.id.get(row), cents: paid, date: values.data! });
  releaseContractIfSettled(state, Number(receivables.column('id_contrato')!.value(row)));
  return { kind: 'success', message: 'Recebimento lançado com sucesso!', id: String(id) };
}

function releaseContractIfSettled(state: IxcState, contractId: number): void {
  const contracts = state.tables.cliente_contrato;
  const row = contracts.rowOf(contractId);
  if (row === -1 || !AUTO_RELEASED.has(contracts.column('status_internet')!.value(row))) return;
  const receivables = state.tables.fn_areceber;
  const today = Math.floor(serverNow(state) / SECONDS_PER_DAY);
  const due = receivables.typed('data_vencimento', DateColumn);
  for (let r = 0; r < receivables.size; r++) {
    if (Number(receivables.column('id_contrato')!.value(r)) !== contractId) continue;
    const open = ['A', 'P'].includes(receivables.column('status')!.value(r));
    const dueDay = due.day(r);
    if (open && dueDay !== undefined && dueDay < today) return;
  }
  setContractStatus(state, row, { status_internet: 'A' });
}

/** `"26.00"`, `"26"`, `"26,5"` → cents; anything else undefined (IXC's database refuses it). */
function decimalCents(text: string): number | undefined {
  const match = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

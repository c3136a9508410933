import { MoneyColumn } from './ixc-columns';
import { DateColumn } from './ixc-date-columns';
import { EnumColumn } from './ixc-text-columns';
import { serverNow, type IxcState } from './ixc-state';
import { SECONDS_PER_DAY } from './ixc-time';

/**
 * Changes shared by the wire actions and the control API. Each keeps the row consistent (amounts agree
 * with the status) and sets `ultima_atualizacao` to now, as every IXC write does.
 */

export interface ContractStatusChange {
  status?: string;
  status_internet?: string;
  status_velocidade?: string;
  /** day number (days since epoch), or null to clear it (0000-00-00) */
  nao_bloquear_ate?: number | null;
  desbloqueio_confianca_ativo?: 'S' | 'N';
}

export function markReceivablePaid(state: IxcState, row: number, paymentKind = 'Pix'): void {
  const table = state.tables.fn_areceber;
  const money = (name: string) => table.typed(name, MoneyColumn);
  const now = serverNow(state);
  const valor = money('valor').cents(row);
  table.typed('status', EnumColumn).write(row, 'R');
  money('valor_aberto').setCents(row, 0);
  money('valor_recebido').setCents(row, valor);
  money('valor_cancelado').setCents(row, 0);
  table.typed('pagamento_data', DateColumn).setDay(row, dayOf(now));
  table.typed('tipo_recebimento', EnumColumn).write(row, paymentKind);
  table.touch(row, now);
}

export function cancelReceivable(state: IxcState, row: number): void {
  const table = state.tables.fn_areceber;
  const money = (name: string) => table.typed(name, MoneyColumn);
  const now = serverNow(state);
  const outstanding = money('valor').cents(row) - money('valor_recebido').cents(row);
  table.typed('status', EnumColumn).write(row, 'C');
  money('valor_aberto').setCents(row, 0);
  money('valor_cancelado').setCents(row, Math.max(0, outstanding));
  table.typed('data_cancelamento', DateColumn).setDay(row, dayOf(now));
  table.touch(row, now);
}

export function setReceivableDueDay(state: IxcState, row: number, day: number): void {
  const table = state.tables.fn_areceber;
  table.typed('data_vencimento', DateColumn).setDay(row, day);
  table.touch(row, serverNow(state));
}

/** Sets the given status fields and the date field IXC's matching button writes. */
export function setContractStatus(state: IxcState, row: number, change: ContractStatusChange): void {
  const table = state.tables.cliente_contrato;
  const now = serverNow(state);
  const today = dayOf(now);
  const date = (name: string) => table.typed(name, DateColumn);
  if (change.status !== undefined) table.typed('status', EnumColumn).write(row, change.status);
  if (change.nao_bloquear_ate !== undefined) {
    date('nao_bloquear_ate').setDay(row, change.nao_bloquear_ate ?? undefined);
  }
  if (change.desbloqueio_confianca_ativo !== undefined) {
    table.typed('desbloqueio_confianca_ativo', EnumColumn).write(row, change.desbloqueio_confianca_ativo);
  }
  if (change.status_velocidade !== undefined) {
    table.typed('status_velocidade', EnumColumn).write(row, change.status_velocidade);
  }
  const internet = change.status_internet;
  if (internet !== undefined) {
    table.typed('status_internet', EnumColumn).write(row, internet);
    if (internet === 'CA') date('dt_ult_bloq_auto').setDay(row, today);
    if (internet === 'CM') date('dt_ult_bloq_manual').setDay(row, today);
    if (internet === 'FA') date('dt_ult_finan_atraso').setDay(row, today);
    if (internet === 'D') date('data_acesso_desativado').setDay(row, today);
  }
  if (change.status === 'A' && date('data_ativacao').day(row) === undefined) {
    date('data_ativacao').setDay(row, today);
    date('dt_ult_ativacao').setDay(row, today);
  }
  table.touch(row, now);
}

/** The trust unlock: access back on for a few days while the customer pays. */
export function trustUnlock(state: IxcState, row: number): void {
  const table = state.tables.cliente_contrato;
  const now = serverNow(state);
  table.typed('desbloqueio_confianca_ativo', EnumColumn).write(row, 'S');
  table.typed('status_internet', EnumColumn).write(row, 'A');
  table.typed('dt_ult_des_bloq_conf', DateColumn).setDay(row, dayOf(now));
  table.touch(row, now);
}

function dayOf(wallSeconds: number): number {
  return Math.floor(wallSeconds / SECONDS_PER_DAY);
}

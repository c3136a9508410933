import { errorMessage, type IxcFailure } from './ixc-errors';
import { setContractStatus, trustUnlock, type ContractStatusChange } from './ixc-mutations';
import type { IxcState } from './ixc-state';
import { wireString } from './ixc-writes';

/**
 * IXC's contract "buttons" (integrations.md §1.7): POST routes with a flat body naming the contract.
 * The numeric suffixes are button ids of the official collection.
 */
interface ContractAction {
  /** body field carrying the contract id */
  idField: 'id_contrato' | 'id';
  message: string;
  apply(state: IxcState, row: number): IxcFailure | undefined;
}

const statusButton =
  (change: ContractStatusChange) =>
  (state: IxcState, row: number): undefined => {
    setContractStatus(state, row, change);
    return undefined;
  };

export const CONTRACT_ACTIONS: Record<string, ContractAction> = {
  cliente_contrato_ativar_cliente: {
    idField: 'id_contrato',
    message: 'Contrato ativado com sucesso!',
    apply: statusButton({ status: 'A', status_internet: 'A' }),
  },
  cliente_contrato_15464: {
    idField: 'id_contrato',
    message: 'Contrato liberado com sucesso!',
    apply: statusButton({ status_internet: 'A', status_velocidade: 'N' }),
  },
  cliente_contrato_15300: {
    idField: 'id_contrato',
    message: 'Contrato bloqueado com sucesso!',
    apply: statusButton({ status_internet: 'CM' }),
  },
  cliente_contrato_15463: {
    idField: 'id_contrato',
    message: 'Status do contrato alterado para Financeiro em atraso!',
    apply: statusButton({ status_internet: 'FA' }),
  },
  cliente_contrato_23529: {
    idField: 'id_contrato',
    message: 'Status do contrato alterado para Aguardando Assinatura!',
    apply: statusButton({ status_internet: 'AA' }),
  },
  desbloqueio_confianca: {
    idField: 'id',
    message: 'Desbloqueio de confiança realizado com sucesso!',
    apply(state, row) {
      const contracts = state.tables.cliente_contrato;
      if (contracts.column('desbloqueio_confianca')!.value(row) !== 'S') {
        return errorMessage('Este contrato não permite desbloqueio de confiança!');
      }
      if (contracts.column('desbloqueio_confianca_ativo')!.value(row) === 'S') {
        return errorMessage('Este contrato já está com o desbloqueio de confiança ativo!');
      }
      trustUnlock(state, row);
      return undefined;
    },
  },
};

export function runContractAction(
  state: IxcState,
  action: ContractAction,
  body: Record<string, unknown>,
): IxcFailure | { kind: 'success'; message: string } {
  const id = wireString(body[action.idField]) ?? '';
  const row = /^\s*\d+\s*$/.test(id) ? state.tables.cliente_contrato.rowOf(Number(id)) : -1;
  if (row === -1)
    return errorMessage(id.trim() === '' ? 'Contrato não informado!' : `Contrato ${id} não encontrado!`);
  return action.apply(state, row) ?? { kind: 'success', message: action.message };
}

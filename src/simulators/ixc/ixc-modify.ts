import { deriveSeed } from '../host/prng';
import { SimulatorInputError } from '../host/simulator';
import { isIpRule } from './ixc-auth';
import { mutateFraction } from './ixc-mutate-fraction';
import {
  cancelReceivable,
  markReceivablePaid,
  setContractStatus,
  setReceivableDueDay,
} from './ixc-mutations';
import { inspectIxc, serverNow, type IxcState } from './ixc-state';
import type { IxcTable } from './ixc-table';
import {
  CONTRACT_STATUSES,
  INTERNET_STATUSES,
  IXC_TABLE_NAMES,
  PAYMENT_KINDS,
  SPEED_STATUSES,
  type IxcTableName,
} from './ixc-tables';
import { parseIxcDate, SECONDS_PER_DAY, ZERO_DATE_KEY } from './ixc-time';
import { insertRow } from './ixc-writes';

export const IXC_MODIFY_ACTIONS = [
  'markPaid',
  'cancelReceivable',
  'setContractStatus',
  'setReceivableDueDate',
  'addReceivable',
  'touch',
  'mutateFraction',
  'rejectInOperator',
  'getRow',
  'setIpAllowList',
  'addCredential',
  'removeCredential',
  'clearRequestCounts',
] as const;

/**
 * Control-API changes to the fake ERP, one `action` per call (what tests and benchmarks need to make
 * the "remote" data move). Rows are addressed by IXC id; every change bumps `ultima_atualizacao`.
 */
export function modifyIxc(state: IxcState, body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SimulatorInputError('body must be a JSON object with an "action"');
  }
  const input = body as Record<string, unknown>;
  switch (input.action) {
    case 'markPaid': {
      const row = existingRow(state.tables.fn_areceber, input.id);
      if (state.tables.fn_areceber.column('status')!.value(row) === 'C') {
        throw new SimulatorInputError(`receivable ${String(input.id)} is cancelled and cannot be paid`);
      }
      const kind =
        input.tipo_recebimento === undefined
          ? 'Pix'
          : oneOf(input.tipo_recebimento, PAYMENT_KINDS, 'tipo_recebimento');
      markReceivablePaid(state, row, kind);
      return state.tables.fn_areceber.record(row);
    }
    case 'cancelReceivable': {
      const row = existingRow(state.tables.fn_areceber, input.id);
      cancelReceivable(state, row);
      return state.tables.fn_areceber.record(row);
    }
    case 'setContractStatus': {
      const row = existingRow(state.tables.cliente_contrato, input.id);
      const change = {
        status: optionalOneOf(input.status, CONTRACT_STATUSES, 'status'),
        status_internet: optionalOneOf(input.status_internet, INTERNET_STATUSES, 'status_internet'),
        status_velocidade: optionalOneOf(input.status_velocidade, SPEED_STATUSES, 'status_velocidade'),
        nao_bloquear_ate: optionalDay(input.nao_bloquear_ate),
        desbloqueio_confianca_ativo: optionalOneOf(
          input.desbloqueio_confianca_ativo,
          ['S', 'N'] as const,
          'desbloqueio_confianca_ativo',
        ),
      };
      if (Object.values(change).every((value) => value === undefined)) {
        throw new SimulatorInputError(
          'setContractStatus needs status, status_internet, status_velocidade, nao_bloquear_ate or desbloqueio_confianca_ativo',
        );
      }
      setContractStatus(state, row, change);
      return state.tables.cliente_contrato.record(row);
    }
    case 'setReceivableDueDate': {
      const row = existingRow(state.tables.fn_areceber, input.id);
      const seconds =
        typeof input.data_vencimento === 'string' ? parseIxcDate(input.data_vencimento) : undefined;
      if (seconds === undefined || seconds === ZERO_DATE_KEY) {
        throw new SimulatorInputError('data_vencimento must be a date (yyyy-mm-dd or dd/mm/yyyy)');
      }
      setReceivableDueDay(state, row, Math.floor(seconds / SECONDS_PER_DAY));
      return state.tables.fn_areceber.record(row);
    }
    case 'addReceivable':
      return addReceivable(state, input.fields);
    case 'touch': {
      const table = tableNamed(state, input.table);
      if (!Array.isArray(input.ids) || input.ids.length === 0) {
        throw new SimulatorInputError('ids must be a non-empty array of row ids');
      }
      const rows = input.ids.map((id) => existingRow(table, id));
      const now = serverNow(state);
      for (const row of rows) table.touch(row, now);
      return { touched: rows.length };
    }
    case 'mutateFraction': {
      const fraction = input.fraction;
      if (typeof fraction !== 'number' || !(fraction > 0 && fraction <= 1)) {
        throw new SimulatorInputError('fraction must be a number in (0, 1]');
      }
      const tables =
        input.tables === undefined
          ? (['cliente_contrato', 'fn_areceber'] as IxcTableName[])
          : tableList(input.tables);
      const seed =
        input.seed === undefined
          ? deriveSeed(state.seed, `ixc:mutate:${state.mutations}`)
          : integer(input.seed, 'seed');
      state.mutations++;
      return mutateFraction(state, fraction, seed, tables);
    }
    case 'rejectInOperator':
      if (typeof input.enabled !== 'boolean') throw new SimulatorInputError('enabled must be a boolean');
      state.rejectIn = input.enabled;
      return { rejectInOperator: state.rejectIn };
    case 'getRow': {
      const table = tableNamed(state, input.table);
      return table.record(existingRow(table, input.id));
    }
    case 'setIpAllowList': {
      const ips = input.ips;
      if (!Array.isArray(ips) || !ips.every((ip): ip is string => typeof ip === 'string' && isIpRule(ip))) {
        throw new SimulatorInputError('ips must be an array of IPs or IPv4 CIDRs ([] allows any)');
      }
      state.ipAllowList = ips;
      return { ipAllowList: ips };
    }
    case 'addCredential': {
      const user = typeof input.user === 'string' && /^\d+$/.test(input.user) ? input.user : undefined;
      if (!user) throw new SimulatorInputError('user must be a numeric IXC user id (a string)');
      if (typeof input.token !== 'string' || input.token.length < 8) {
        throw new SimulatorInputError('token must be a string of at least 8 characters');
      }
      state.credentials.set(user, input.token);
      return { credentials: inspectIxc(state).credentials };
    }
    case 'removeCredential': {
      if (typeof input.user !== 'string' || !state.credentials.delete(input.user)) {
        throw new SimulatorInputError(`unknown user ${JSON.stringify(input.user)}`);
      }
      return { credentials: inspectIxc(state).credentials };
    }
    case 'clearRequestCounts':
      state.requests.clear();
      return { requestsByTable: {} };
    default:
      throw new SimulatorInputError(
        `unknown action ${JSON.stringify(input.action)}; use ${IXC_MODIFY_ACTIONS.join(', ')}`,
      );
  }
}

/** Inserts through the same path as the wire (required fields, references, defaults) and returns the row. */
function addReceivable(state: IxcState, fields: unknown): Record<string, string> {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new SimulatorInputError('fields must be an object of fn_areceber fields');
  }
  const table = state.tables.fn_areceber;
  const result = insertRow(state, table, fields as Record<string, unknown>);
  if (result.kind === 'html') throw new SimulatorInputError('a field value does not fit its column');
  if (result.kind === 'error') throw new SimulatorInputError(result.message.replace('<br />', ''));
  return table.record(table.rowOf(Number(result.id)));
}

function existingRow(table: IxcTable, id: unknown): number {
  const numeric = typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : NaN;
  const row = table.rowOf(numeric);
  if (row === -1) throw new SimulatorInputError(`no ${table.name} with id ${JSON.stringify(id)}`);
  return row;
}

function tableNamed(state: IxcState, name: unknown): IxcTable {
  return state.tables[tableName(name)];
}

function tableName(name: unknown): IxcTableName {
  if (!IXC_TABLE_NAMES.includes(name as IxcTableName)) {
    throw new SimulatorInputError(`table must be one of ${IXC_TABLE_NAMES.join(', ')}`);
  }
  return name as IxcTableName;
}

function tableList(value: unknown): IxcTableName[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new SimulatorInputError(`tables must be a non-empty array of ${IXC_TABLE_NAMES.join(', ')}`);
  }
  return value.map(tableName);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value as T))
    throw new SimulatorInputError(`${field} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function optionalOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
): T | undefined {
  return value === undefined ? undefined : oneOf(value, allowed, field);
}

function integer(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new SimulatorInputError(`${field} must be an integer`);
  }
  return value;
}

/** `nao_bloquear_ate`: a date (yyyy-mm-dd or dd/mm/yyyy), or null / '0000-00-00' to clear it. */
function optionalDay(value: unknown): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '0000-00-00') return null;
  const seconds = typeof value === 'string' ? parseIxcDate(value) : undefined;
  if (seconds === undefined || seconds === ZERO_DATE_KEY) {
    throw new SimulatorInputError('nao_bloquear_ate must be a date (yyyy-mm-dd or dd/mm/yyyy) or null');
  }
  return Math.floor(seconds / SECONDS_PER_DAY);
}

import { IntColumn } from './ixc-columns';
import { errorMessage, htmlFailure, type IxcFailure } from './ixc-errors';
import { serverNow, type IxcState } from './ixc-state';
import type { IxcTable } from './ixc-table';
import type { IxcTableName } from './ixc-tables';
import { formatWallSeconds, protocol } from './ixc-time';

export type WriteResult = { kind: 'written'; id: string } | IxcFailure;

/** Server-managed fields: a body may carry them (a PUT of a record read back) but never sets them. */
const SERVER_FIELDS = new Set(['id', 'ultima_atualizacao']);

/**
 * `POST /webservice/v1/<tabela>` with a flat JSON object (integrations.md §1.1). Missing required
 * fields and dangling references are business errors (`type:error`); a value the column cannot hold
 * is a database error, which IXC shows as its HTML error. Unknown fields are ignored.
 */
export function insertRow(state: IxcState, table: IxcTable, body: Record<string, unknown>): WriteResult {
  const values = wireValues(table, body);
  if (!values) return htmlFailure;
  for (const field of table.options.required) {
    const value = values.get(field);
    if (
      value === undefined ||
      value.trim() === '' ||
      (table.column(field) instanceof IntColumn && Number(value) === 0)
    ) {
      return errorMessage(`O campo ${field} é obrigatório!<br />`);
    }
  }
  const dangling = danglingReference(state, table, values);
  if (dangling) return dangling;

  const row = table.append();
  for (const [field, value] of values) table.column(field)!.write(row, value);
  const now = serverNow(state);
  applyInsertDefaults(state, table, row, values, now);
  table.touch(row, now);
  return { kind: 'written', id: String(table.id.get(row)) };
}

/** `PUT /webservice/v1/<tabela>/<id>` must carry the whole record; a partial body is IXC's HTML error. */
export function updateRow(
  state: IxcState,
  table: IxcTable,
  id: string,
  body: Record<string, unknown>,
): WriteResult {
  const values = wireValues(table, body);
  if (!values) return htmlFailure;
  const partial = table.columns.some((column) => !SERVER_FIELDS.has(column.name) && !values.has(column.name));
  if (partial) return htmlFailure;
  const row = /^\d+$/.test(id) ? table.rowOf(Number(id)) : -1;
  if (row === -1) return errorMessage('Registro não encontrado!');
  const dangling = danglingReference(state, table, values);
  if (dangling) return dangling;

  const ignored = new Set(table.options.ignoredOnUpdate ?? []);
  for (const [field, value] of values) if (!ignored.has(field)) table.column(field)!.write(row, value);
  table.touch(row, serverNow(state));
  return { kind: 'written', id };
}

/** The body's known, writable fields as strings; undefined when one cannot be stored. */
function wireValues(table: IxcTable, body: Record<string, unknown>): Map<string, string> | undefined {
  const values = new Map<string, string>();
  for (const [field, raw] of Object.entries(body)) {
    const column = table.column(field);
    if (!column || SERVER_FIELDS.has(field)) continue;
    const value = wireString(raw);
    if (value === undefined || !column.accepts(value)) return undefined;
    values.set(field, value);
  }
  return values;
}

export function wireString(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (raw === null) return '';
  return undefined;
}

const REFERENCE_LABELS: Record<string, string> = {
  cliente: 'Cliente',
  cliente_contrato: 'Contrato',
};

function danglingReference(
  state: IxcState,
  table: IxcTable,
  values: Map<string, string>,
): IxcFailure | undefined {
  for (const [field, target] of Object.entries(table.options.references ?? {})) {
    const value = values.get(field);
    if (value === undefined || value.trim() === '' || Number(value) === 0) continue;
    if (state.tables[target as IxcTableName].rowOf(Number(value)) === -1) {
      return errorMessage(`${REFERENCE_LABELS[target] ?? target} ${value} não encontrado!`);
    }
  }
  return undefined;
}

/** What IXC fills in by itself on insert, when the body did not say. */
function applyInsertDefaults(
  state: IxcState,
  table: IxcTable,
  row: number,
  given: Map<string, string>,
  now: number,
): void {
  const setIfMissing = (field: string, value: () => string) => {
    if (!given.has(field)) table.column(field)?.write(row, value());
  };
  const customerValue = (field: string) => {
    const customers = state.tables.cliente;
    const customerRow = customers.rowOf(Number(table.column('id_cliente')?.value(row)));
    return customerRow === -1 ? '' : customers.column(field)!.value(customerRow);
  };
  const id = table.id.get(row);
  switch (table.name) {
    case 'cliente':
      setIfMissing('data_cadastro', () => dayText(now));
      break;
    case 'cliente_contrato':
      setIfMissing('data', () => dayText(now));
      setIfMissing('id_filial', () => customerValue('filial_id'));
      break;
    case 'fn_areceber':
      setIfMissing('valor_aberto', () => table.column('valor')!.value(row));
      setIfMissing('data_emissao', () => dayText(now));
      setIfMissing('filial_id', () => customerValue('filial_id'));
      break;
    case 'su_oss_chamado':
      setIfMissing('data_abertura', () => timeText(now));
      setIfMissing('protocolo', () => protocol(now, id));
      break;
    case 'su_ticket':
      setIfMissing('data_criacao', () => timeText(now));
      setIfMissing('data_ultima_alteracao', () => timeText(now));
      setIfMissing('protocolo', () => protocol(now, id));
      setIfMissing('cliente_telefone_celular', () => customerValue('telefone_celular'));
      setIfMissing('cliente_email', () => customerValue('email'));
      break;
  }
}

function timeText(wallSeconds: number): string {
  return formatWallSeconds(wallSeconds);
}

function dayText(wallSeconds: number): string {
  return formatWallSeconds(wallSeconds).slice(0, 10);
}

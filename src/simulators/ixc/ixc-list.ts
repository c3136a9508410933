import type { Column } from './ixc-columns';
import { compileCondition, splitList, type Condition } from './ixc-filter';
import { JsonWriter } from './ixc-json-writer';
import { buildCondition, parseGridParam, resolveField, scalar, type OperatorPolicy } from './ixc-grid-param';
import type { IxcTable } from './ixc-table';

/** IXC's grid shows 20 rows unless `rp` says otherwise. */
const DEFAULT_ROWS_PER_PAGE = 20;

export interface ListRequest {
  conditions: Condition[];
  page: number;
  rowsPerPage: number;
  sortColumn: Column;
  descending: boolean;
}

export interface ListResult {
  total: number;
  rows: number[];
}

/**
 * Reads a list body (integrations.md §1.2). `qtype/query/oper` is the primary filter, skipped when
 * `query` is empty (the official idiom for "grid_param only"); undefined means IXC's HTML error
 * (unknown `tabela.campo`, bad operator, malformed grid_param or paging).
 */
export function parseListRequest(
  table: IxcTable,
  body: Record<string, unknown>,
  policy: OperatorPolicy,
): ListRequest | undefined {
  const conditions = parseGridParam(table, body.grid_param, policy);
  if (!conditions) return undefined;

  const query = scalar(body.query ?? '');
  const qtype = resolveField(table, body.qtype ?? `${table.name}.id`);
  if (query === undefined || !qtype) return undefined;
  if (query !== '') {
    const primary = buildCondition(table, qtype, body.oper ?? '=', query, '', policy);
    if (!primary) return undefined;
    conditions.unshift(primary);
  }

  const page = positiveInteger(body.page, 1);
  const rowsPerPage = positiveInteger(body.rp, DEFAULT_ROWS_PER_PAGE);
  const sortColumn = resolveField(table, body.sortname ?? `${table.name}.id`);
  if (page === undefined || rowsPerPage === undefined || !sortColumn) return undefined;
  const descending = String(body.sortorder ?? 'asc').toLowerCase() === 'desc';
  return { conditions, page, rowsPerPage, sortColumn, descending };
}

/**
 * One pass over the table in the requested order: counts every match and keeps the requested page.
 * Rows are stored in id order, so an id sort needs no sorting and id bounds (keyset paging,
 * `id IN (…)` batches) narrow the scan by binary search.
 */
export function runList(table: IxcTable, request: ListRequest): ListResult {
  const tests = request.conditions.map(compileCondition);
  const start = (request.page - 1) * request.rowsPerPage;
  const end = start + request.rowsPerPage;
  const rows: number[] = [];
  let total = 0;
  const visit = (row: number) => {
    for (const test of tests) if (!test(row)) return;
    if (total >= start && total < end) rows.push(row);
    total++;
  };

  if (request.sortColumn !== table.id) {
    const order = table.sortedRows(request.sortColumn, request.descending);
    for (let i = 0; i < order.length; i++) visit(order[i]);
    return { total, rows };
  }
  const [low, high] = idRange(table, request.conditions);
  if (request.descending) for (let row = high - 1; row >= low; row--) visit(row);
  else for (let row = low; row < high; row++) visit(row);
  return { total, rows };
}

/** `{"page":"1","total":…,"registros":[…]}`; an empty page has no `registros` (clients must default it). */
export function listResponseJson(table: IxcTable, request: ListRequest, result: ListResult): Buffer {
  const total = table.options.totalAsNumber ? String(result.total) : `"${result.total}"`;
  const out = new JsonWriter(result.rows.length * 1024 + 64);
  out.bytes(Buffer.from(`{"page":"${request.page}","total":${total}`));
  if (result.rows.length > 0) {
    out.bytes(REGISTROS);
    result.rows.forEach((row, index) => {
      if (index > 0) out.byte(COMMA);
      table.writeJson(row, out);
    });
    out.byte(CLOSE_BRACKET);
  }
  out.byte(CLOSE_BRACE);
  return out.result();
}

const REGISTROS = Buffer.from(',"registros":[');
const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/** Rows [low, high) that can satisfy the id conditions; the conditions are still applied to each row. */
function idRange(table: IxcTable, conditions: Condition[]): [number, number] {
  let minId = -Infinity;
  let maxId = Infinity;
  for (const condition of conditions) {
    if (condition.column !== table.id) continue;
    const [low, high] = idBounds(condition);
    minId = Math.max(minId, low);
    maxId = Math.min(maxId, high);
  }
  const low = minId === -Infinity ? 0 : table.id.lowerBound(minId, table.size);
  const high = maxId === Infinity ? table.size : table.id.lowerBound(maxId + 1, table.size);
  return [low, Math.max(low, high)];
}

const ANY_ID: [number, number] = [-Infinity, Infinity];

/** The ids a numeric condition on `id` allows; anything else (text fallbacks, NI, L…) allows all. */
function idBounds({ operator, value, value2 }: Condition): [number, number] {
  const numeric = (text: string) => (text.trim() === '' ? NaN : Number(text));
  if (operator === 'IN') {
    const ids = splitList(value).map(numeric);
    return ids.some(Number.isNaN) ? ANY_ID : [Math.ceil(Math.min(...ids)), Math.floor(Math.max(...ids))];
  }
  const id = numeric(value);
  if (Number.isNaN(id)) return ANY_ID;
  switch (operator) {
    case '=':
      return [Math.ceil(id), Math.floor(id)];
    case '>':
      return [Math.floor(id) + 1, Infinity];
    case '>=':
      return [Math.ceil(id), Infinity];
    case '<':
      return [-Infinity, Math.ceil(id) - 1];
    case '<=':
      return [-Infinity, Math.floor(id)];
    case 'BE':
      return Number.isNaN(numeric(value2)) ? ANY_ID : [Math.ceil(id), Math.floor(numeric(value2))];
    default:
      return ANY_ID;
  }
}

/** `page`/`rp` as string or number; absent means the default, anything else not a positive integer is an error. */
function positiveInteger(value: unknown, fallback: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  const text = scalar(value);
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && Number.isSafeInteger(n) ? n : undefined;
}

import type { Column } from './ixc-columns';
import { IXC_OPERATORS, splitList, type Condition, type IxcOperator } from './ixc-filter';
import type { IxcTable } from './ixc-table';

/** What a condition needs besides its column: the switches that change which operators a server takes. */
export interface OperatorPolicy {
  /** models servers that refuse `IN`/`NI` (the client must fall back to one request per id) */
  rejectIn: boolean;
}

/**
 * `grid_param` is a JSON array serialised as a string inside the JSON body, each element
 * `{TB, OP, P, P2?}`, ANDed (integrations.md §1.2). Anything malformed is undefined, which the caller
 * answers with IXC's HTML error, as the real server does.
 */
export function parseGridParam(
  table: IxcTable,
  gridParam: unknown,
  policy: OperatorPolicy,
): Condition[] | undefined {
  if (gridParam === undefined || gridParam === '') return [];
  if (typeof gridParam !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(gridParam);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const conditions: Condition[] = [];
  for (const element of parsed) {
    if (typeof element !== 'object' || element === null || Array.isArray(element)) return undefined;
    const { TB, OP, P, P2 } = element as Record<string, unknown>;
    const column = resolveField(table, TB);
    const value = scalar(P ?? '');
    const value2 = scalar(P2 ?? '');
    if (!column || value === undefined || value2 === undefined) return undefined;
    const condition = buildCondition(table, column, OP, value, value2, policy);
    if (!condition) return undefined;
    conditions.push(condition);
  }
  return conditions;
}

/** `tabela.campo` of this table (a bare `campo` is also taken); another table's field is unknown. */
export function resolveField(table: IxcTable, field: unknown): Column | undefined {
  if (typeof field !== 'string') return undefined;
  const dot = field.indexOf('.');
  if (dot === -1) return table.column(field);
  return field.slice(0, dot) === table.name ? table.column(field.slice(dot + 1)) : undefined;
}

export function buildCondition(
  table: IxcTable,
  column: Column,
  rawOperator: unknown,
  value: string,
  value2: string,
  policy: OperatorPolicy,
): Condition | undefined {
  const operator = normaliseOperator(table, rawOperator);
  if (!operator) return undefined;
  if ((operator === 'IN' || operator === 'NI') && (policy.rejectIn || splitList(value).length === 0)) {
    return undefined;
  }
  return { column, operator, value, value2 };
}

const ALIASES: Record<string, IxcOperator> = { GE: '>=', LE: '<=', '<>': '!=' };

function normaliseOperator(table: IxcTable, raw: unknown): IxcOperator | undefined {
  if (typeof raw !== 'string') return undefined;
  const operator = raw.trim();
  if ((IXC_OPERATORS as readonly string[]).includes(operator)) return operator as IxcOperator;
  // `GE`/`LE` are not official but most tables take them; /su_ticket answers them with the HTML error.
  if ((operator === 'GE' || operator === 'LE') && table.options.acceptsGeLe === false) return undefined;
  return ALIASES[operator];
}

/** Body values are strings in every official example; numbers are read as their decimal text. */
export function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

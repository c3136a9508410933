/**
 * Builds IXC list bodies (integrations.md §1.2–1.3): `qtype/query/oper` for the primary filter, `grid_param`
 * for the others (ANDed; IXC has no OR), `page/rp/sortname/sortorder` for paging. Every value goes out as a
 * string, as in every public example.
 */

/** Official operators: `L` = LIKE, `NL` = NOT LIKE, `IN`/`NI` = (not) in a comma list, `BE`/`NBE` = (not) between. */
export const IXC_OPERATORS = ['=', '!=', '>', '<', '>=', '<=', 'L', 'NL', 'IN', 'NI', 'BE', 'NBE'] as const;
export type IxcOperator = (typeof IXC_OPERATORS)[number];
export type IxcComparisonOperator = Exclude<IxcOperator, 'IN' | 'NI' | 'BE' | 'NBE'>;
/** The primary `oper` has no second parameter, so the range operators only exist in grid_param. */
export type IxcPrimaryOperator = Exclude<IxcOperator, 'BE' | 'NBE'>;

export interface GridFilter {
  readonly TB: string;
  readonly OP: IxcOperator;
  readonly P: string;
  /** Only for `BE`/`NBE`. */
  readonly P2?: string;
}

export type GridParam = readonly GridFilter[];

/** Numbers are accepted for ids and amounts and sent as their decimal string. */
export type IxcValue = string | number;

export type IxcSortOrder = 'asc' | 'desc';

/** What a caller asks of a list; the client adds `page` and the defaults. */
export interface IxcListQuery {
  /** `tabela.campo` of the primary filter; default `<table>.id` with an empty query (no filtering). */
  qtype?: string;
  query?: IxcValue;
  oper?: IxcPrimaryOperator;
  grid?: GridParam | GridParamBuilder;
  /** default `<table>.id`, so pages stay stable while the table grows */
  sortname?: string;
  /** default `asc` */
  sortorder?: IxcSortOrder;
  /** rows per page; default 1000 */
  rp?: number;
}

/** The wire body, exactly as sent. */
export interface IxcListBody {
  qtype: string;
  query: string;
  oper: IxcPrimaryOperator;
  page: string;
  rp: string;
  sortname: string;
  sortorder: IxcSortOrder;
  grid_param?: string;
}

export const DEFAULT_ROWS_PER_PAGE = 1000;

const TABLE = /^[a-z][a-z0-9_]*$/i;
const FIELD = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/i;

/**
 * Fluent, typed `grid_param`. Field names are checked (`tabela.campo`) because IXC answers a misspelt one
 * with its generic HTML error, which says nothing about the cause.
 */
export class GridParamBuilder {
  private readonly filters: GridFilter[] = [];

  where(field: string, operator: IxcComparisonOperator, value: IxcValue): this {
    return this.push({ TB: checkField(field), OP: operator, P: valueText(value) });
  }

  eq(field: string, value: IxcValue): this {
    return this.where(field, '=', value);
  }

  ne(field: string, value: IxcValue): this {
    return this.where(field, '!=', value);
  }

  gt(field: string, value: IxcValue): this {
    return this.where(field, '>', value);
  }

  lt(field: string, value: IxcValue): this {
    return this.where(field, '<', value);
  }

  gte(field: string, value: IxcValue): this {
    return this.where(field, '>=', value);
  }

  lte(field: string, value: IxcValue): this {
    return this.where(field, '<=', value);
  }

  like(field: string, value: IxcValue): this {
    return this.where(field, 'L', value);
  }

  notLike(field: string, value: IxcValue): this {
    return this.where(field, 'NL', value);
  }

  in(field: string, values: readonly IxcValue[]): this {
    return this.push({ TB: checkField(field), OP: 'IN', P: ixcList(values) });
  }

  notIn(field: string, values: readonly IxcValue[]): this {
    return this.push({ TB: checkField(field), OP: 'NI', P: ixcList(values) });
  }

  /**
   * Inclusive range. Integrators report that `BE` on date columns also matches `0000-00-00`
   * (integrations.md §1.3): for dates prefer `gte` + `lte`.
   */
  between(field: string, from: IxcValue, to: IxcValue): this {
    return this.push({ TB: checkField(field), OP: 'BE', P: valueText(from), P2: valueText(to) });
  }

  notBetween(field: string, from: IxcValue, to: IxcValue): this {
    return this.push({ TB: checkField(field), OP: 'NBE', P: valueText(from), P2: valueText(to) });
  }

  build(): GridParam {
    return this.filters.map((filter) => ({ ...filter }));
  }

  private push(filter: GridFilter): this {
    this.filters.push(filter);
    return this;
  }
}

export function gridParam(): GridParamBuilder {
  return new GridParamBuilder();
}

/** `grid_param` is a JSON array serialised to a string inside the JSON body. */
export function serializeGridParam(grid: GridParam): string {
  return JSON.stringify(
    grid.map(({ TB, OP, P, P2 }) => (P2 === undefined ? { TB, OP, P } : { TB, OP, P, P2 })),
  );
}

/**
 * The official unquoted comma list (`"13,15"`). A value holding a comma would silently split into two,
 * and an empty list has no documented meaning, so both are refused.
 */
export function ixcList(values: readonly IxcValue[]): string {
  if (values.length === 0) throw new Error('An IXC IN/NI list needs at least one value');
  return values
    .map((value) => {
      const text = valueText(value).trim();
      if (text === '' || text.includes(',')) throw new Error(`Invalid IXC list value "${text}"`);
      return text;
    })
    .join(',');
}

export function buildListBody(table: string, query: IxcListQuery, page: number): IxcListBody {
  checkTable(table);
  const rp = query.rp ?? DEFAULT_ROWS_PER_PAGE;
  if (!Number.isSafeInteger(rp) || rp <= 0) throw new Error(`rp must be a positive integer, got ${rp}`);
  if (!Number.isSafeInteger(page) || page <= 0)
    throw new Error(`page must be a positive integer, got ${page}`);
  const oper = query.oper ?? '=';
  const rawQuery = query.query ?? '';
  const body: IxcListBody = {
    // IXC always expects a primary filter; an empty query with `=` is the documented "no filter" idiom
    // (official example `{"qtype":"su_ticket.id","query":"","oper":"="}`).
    qtype: checkField(query.qtype ?? `${table}.id`),
    query: oper === 'IN' || oper === 'NI' ? ixcList(String(rawQuery).split(',')) : valueText(rawQuery),
    oper,
    page: String(page),
    rp: String(rp),
    sortname: checkField(query.sortname ?? `${table}.id`),
    sortorder: query.sortorder ?? 'asc',
  };
  const grid = query.grid instanceof GridParamBuilder ? query.grid.build() : (query.grid ?? []);
  // Omitted rather than "[]": that is how every official example without extra filters looks.
  if (grid.length > 0) body.grid_param = serializeGridParam(grid);
  return body;
}

/**
 * `dd/mm/yyyy`, the date format of the official filter examples. From a `YYYY-MM-DD` string as is, or from an
 * instant as the calendar date in `timeZone` (the IXC server's zone, by default São Paulo), because a UTC date
 * is a day ahead in Brazil every evening.
 */
export function toIxcDate(value: Date | string, timeZone = 'America/Sao_Paulo'): string {
  const { year, month, day } =
    typeof value === 'string' ? isoDateParts(value) : zonedDateParts(value, timeZone);
  return `${day}/${month}/${year}`;
}

interface DateParts {
  year: string;
  month: string;
  day: string;
}

function isoDateParts(text: string): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = match ? [match[1], match[2], match[3]] : ['', '', ''];
  const date = new Date(`${text}T00:00:00Z`);
  // Round-tripping catches impossible dates such as 2024-02-30, which Date would roll over.
  if (!match || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new Error(`Expected a YYYY-MM-DD date, got "${text}"`);
  }
  return { year, month, day };
}

function zonedDateParts(instant: Date, timeZone: string): DateParts {
  if (Number.isNaN(instant.getTime())) throw new Error('Cannot format an invalid Date for IXC');
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .formatToParts(instant)
    .reduce<Record<string, string>>((acc, part) => ({ ...acc, [part.type]: part.value }), {});
  return { year: parts.year, month: parts.month, day: parts.day };
}

function valueText(value: IxcValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Cannot send ${value} to IXC`);
    return String(value);
  }
  return value;
}

function checkField(field: string): string {
  if (!FIELD.test(field)) throw new Error(`IXC fields are "tabela.campo", got "${field}"`);
  return field;
}

export function checkTable(table: string): string {
  if (!TABLE.test(table)) throw new Error(`Invalid IXC table or route "${table}"`);
  return table;
}

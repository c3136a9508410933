import { isSecretField } from './magnus-secrets';

/**
 * One element of Magnus's `filter` param, as `BaseController::createCondition` reads it (integrations.md
 * §2.2). Only the types this client needs are modelled.
 */
export type MagnusFilter =
  | { type: 'numeric'; field: string; value: number; comparison: 'eq' | 'lt' | 'gt' }
  | { type: 'string'; field: string; value: string; comparison: 'eq' | 'st' | 'ed' | 'ct' | 'df' }
  /** `field IN (…)`; Magnus ignores `comparison` for this type, and `IN ()` is an SQL error. */
  | { type: 'list'; field: string; value: number[]; comparison?: undefined };

/**
 * Always true on `pkg_user` (ids start at 1). Any filter array whose first element is not numeric (`string`,
 * `list`, `date`, `boolean`) makes PHP 8 servers crash with HTTP 500 (a TypeError in `SqlInject::sanitize`,
 * integrations.md §2.2, §9); with a numeric filter first the same query works.
 */
export const ID_GUARD_FILTER: MagnusFilter = { type: 'numeric', field: 'id', value: 0, comparison: 'gt' };

// Magnus interpolates `field` into SQL unescaped (`" AND $field = :p0"`), so only plain column names pass.
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Refuses a field name that is not a plain column, or that names a secret the client would have to read. */
export function checkFieldName(field: string, role = 'field'): string {
  if (!FIELD_NAME.test(field)) throw new Error(`Magnus ${role} "${field}" is not a plain column name`);
  if (isSecretField(field)) throw new Error(`Magnus ${role} "${field}" names a secret field`);
  return field;
}

export function numericFilter(field: string, comparison: 'eq' | 'lt' | 'gt', value: number): MagnusFilter {
  if (!Number.isFinite(value)) throw new Error(`Magnus numeric filter on ${field} needs a finite number`);
  return { type: 'numeric', field: checkFieldName(field), value, comparison };
}

export function stringFilter(
  field: string,
  comparison: 'eq' | 'st' | 'ed' | 'ct' | 'df',
  value: string,
): MagnusFilter {
  return { type: 'string', field: checkFieldName(field), value, comparison };
}

/** `field IN (values)`, for numeric columns (ids). At least one value: Magnus would send `IN ()` to MySQL. */
export function numericListFilter(field: string, values: readonly number[]): MagnusFilter {
  if (values.length === 0) throw new Error(`Magnus list filter on ${field} needs at least one value`);
  if (!values.every((value) => Number.isFinite(value))) {
    throw new Error(`Magnus list filter on ${field} needs finite numbers`);
  }
  return { type: 'list', field: checkFieldName(field), value: [...values] };
}

/**
 * The `filter` param: a JSON array that always starts with a numeric filter, {@link ID_GUARD_FILTER} unless
 * the caller's first filter is numeric already. Filters are ANDed by Magnus. No filter at all is `[]`, which
 * the server accepts.
 */
export function magnusFilterParam(filters: readonly MagnusFilter[]): string {
  const needsGuard = filters.length > 0 && filters[0]!.type !== 'numeric';
  const sent = needsGuard ? [ID_GUARD_FILTER, ...filters] : filters;
  // Key order as the official PHP client writes it: type, field, value, comparison.
  return JSON.stringify(
    sent.map(({ type, field, value, comparison }) => ({ type, field, value, comparison })),
  );
}

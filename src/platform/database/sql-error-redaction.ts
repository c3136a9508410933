/**
 * A failed query's error carries the values it ran with: TypeORM's `parameters` (an API key's secret
 * hash, a login e-mail), Postgres' `detail` (`Key (email)=(ana@example.com) already exists`), and for
 * data exceptions (SQLSTATE class 22) the offending value quoted in the message itself
 * (`invalid input syntax for type uuid: "…"`). Logs keep the query text, the code and the constraint,
 * never the values.
 */
const VALUE_FIELDS = new Set(['parameters', 'detail', 'driverError']);
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

function isSqlError(error: Record<string, unknown>): boolean {
  return (
    'parameters' in error ||
    'driverError' in error ||
    (typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code) && 'severity' in error)
  );
}

/**
 * A copy of `error` without the values of a failed query (its `cause` too); anything else is returned
 * as is. Works on Error objects and on errors pino already serialized (pino-http serializes first).
 */
export function redactSqlError(error: unknown): unknown {
  if (error === null || typeof error !== 'object') return error;
  const source = error as Record<string, unknown>;
  const cause = source.cause === undefined ? undefined : redactSqlError(source.cause);
  const sql = isSqlError(source);
  if (!sql && cause === source.cause) return error;

  const copy = Object.create(Object.getPrototypeOf(error) as object) as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(error)) {
    if (sql && VALUE_FIELDS.has(key)) continue;
    Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(error, key) as PropertyDescriptor);
  }
  const state = typeof source.code === 'string' ? source.code : '';
  if (sql && state.startsWith('22')) {
    for (const key of ['message', 'stack']) {
      const own = Object.getOwnPropertyDescriptor(copy, key);
      if (own && typeof own.value === 'string')
        Object.defineProperty(copy, key, { ...own, value: own.value.replace(QUOTED, '"[redacted]"') });
    }
  }
  if (cause !== undefined) {
    const own = Object.getOwnPropertyDescriptor(copy, 'cause');
    Object.defineProperty(copy, 'cause', {
      ...(own ?? { enumerable: false, writable: true, configurable: true }),
      value: cause,
    });
  }
  return copy;
}

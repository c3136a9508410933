/**
 * A failed query's error carries the values it ran with: TypeORM's `parameters` (an API key's secret
 * hash, a login e-mail), Postgres' `detail` (`Key (email)=(ana@example.com) already exists`), and for
 * data exceptions (SQLSTATE class 22) the offending value quoted in the message itself
 * (`invalid input syntax for type uuid: "…"`). Logs keep the query text, the code and the constraint,
 * never the values.
 */
const VALUE_FIELDS = new Set(['parameters', 'detail', 'driverError']);
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

interface SqlErrorShape {
  code?: unknown;
  query?: unknown;
  parameters?: unknown;
  driverError?: unknown;
  severity?: unknown;
  cause?: unknown;
}

function isSqlError(error: Error): boolean {
  const shape = error as SqlErrorShape;
  return (
    'parameters' in shape ||
    'driverError' in shape ||
    (typeof shape.code === 'string' && /^[0-9A-Z]{5}$/.test(shape.code) && 'severity' in shape)
  );
}

/** A copy of `error` without the values of a failed query; anything else is returned as is. */
export function redactSqlError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const shape = error as SqlErrorShape;
  const cause = shape.cause === undefined ? undefined : redactSqlError(shape.cause);
  if (!isSqlError(error)) {
    if (cause === shape.cause) return error;
    const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as object, error);
    define(copy, 'message', error.message);
    define(copy, 'stack', error.stack);
    define(copy, 'cause', cause);
    return copy;
  }
  const state = typeof shape.code === 'string' ? shape.code : '';
  const scrub = (text: string) => (state.startsWith('22') ? text.replace(QUOTED, '"[redacted]"') : text);
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Record<string, unknown>;
  for (const key of Object.keys(error)) {
    if (!VALUE_FIELDS.has(key)) copy[key] = (error as unknown as Record<string, unknown>)[key];
  }
  define(copy, 'message', scrub(error.message));
  if (error.stack !== undefined) define(copy, 'stack', scrub(error.stack));
  if (cause !== undefined) define(copy, 'cause', cause);
  return copy;
}

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: true, configurable: true });
}

/** What the CLI may ask a running app to do, checked before anything runs (the CLI is not trusted blindly). */
export type ControlRequest =
  | {
      command: 'create-admin';
      input: { email: string; password: string; tenantSlug: string; tenantName?: string };
    }
  | { command: 'dead-letters.list'; input: { consumer?: string; limit: number; offset: number } }
  | { command: 'dead-letters.replay'; input: { id: string } };

export type ControlCommand = ControlRequest['command'];

export class BadControlRequest extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PAGE = 1000;

function text(body: Record<string, unknown>, field: string, optional: true): string | undefined;
function text(body: Record<string, unknown>, field: string): string;
function text(body: Record<string, unknown>, field: string, optional = false): string | undefined {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.length > 1000 || value.includes('\u0000')) {
    throw new BadControlRequest(`"${field}" must be a string`);
  }
  return value;
}

function count(body: Record<string, unknown>, field: string, max: number): number {
  const value = body[field];
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > max) {
    throw new BadControlRequest(`"${field}" must be an integer from 0 to ${max}`);
  }
  return value as number;
}

/** `path` is `/<command>`; the body is the command's input as JSON. */
export function controlRequest(path: string, body: unknown): ControlRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadControlRequest('The body must be a JSON object');
  }
  const input = body as Record<string, unknown>;
  switch (path) {
    case '/create-admin':
      return {
        command: 'create-admin',
        input: {
          email: text(input, 'email'),
          password: text(input, 'password'),
          tenantSlug: text(input, 'tenantSlug'),
          tenantName: text(input, 'tenantName', true),
        },
      };
    case '/dead-letters.list':
      return {
        command: 'dead-letters.list',
        input: {
          consumer: text(input, 'consumer', true),
          limit: count(input, 'limit', MAX_PAGE),
          offset: count(input, 'offset', Number.MAX_SAFE_INTEGER),
        },
      };
    case '/dead-letters.replay': {
      const id = text(input, 'id');
      if (!UUID.test(id)) throw new BadControlRequest(`"${id}" is not a dead-letter id (a UUID)`);
      return { command: 'dead-letters.replay', input: { id } };
    }
    default:
      throw new BadControlRequest(`Unknown command ${path}`);
  }
}

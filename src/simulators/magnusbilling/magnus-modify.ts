import { SimulatorInputError } from '../host/simulator';
import { fold } from './magnus-mysql';
import { inspectMagnus, serverDateTime, touched, type MagnusApiKey, type MagnusState } from './magnus-state';
import { blankUser, COLUMNS_BY_NAME, type MagnusUser, type UserValue } from './magnus-user-columns';

export const MAGNUS_MODIFY_ACTIONS = [
  'setUser',
  'addUser',
  'removeUser',
  'getUser',
  'setApiKey',
  'addApiKey',
  'clearRequestCounts',
] as const;

/**
 * Control-API changes to the fake Magnus, one `action` per call: what tests and benchmarks need to make
 * the remote side move (an operator editing a user by hand, a revoked or IP-restricted key). Users are
 * addressed by `id` or `username`; field values are given as the API prints them (numbers for INT
 * columns, text for the rest) and are written without Magnus' validation, as a DBA would.
 */
export function modifyMagnus(state: MagnusState, body: unknown): unknown {
  const input = object(body, 'body must be a JSON object with an "action"');
  switch (input.action) {
    case 'setUser': {
      const user = findUser(state, input);
      applyFields(state, user, input.fields);
      touched(state);
      return user;
    }
    case 'addUser': {
      const id = state.nextId;
      const user = blankUser(id, serverDateTime(state));
      Object.assign(user, { id_group: 3, username: `voip${id}`, password: `senha${id}x` });
      applyFields(state, user, input.fields ?? {});
      state.users.set(id, user);
      state.nextId++;
      touched(state);
      return user;
    }
    case 'removeUser': {
      const user = findUser(state, input);
      state.users.delete(user.id as number);
      touched(state);
      return { users: state.users.size };
    }
    case 'getUser':
      return findUser(state, input);
    case 'setApiKey': {
      const apiKey = input.apiKey === undefined ? [...state.apiKeys.keys()][0] : input.apiKey;
      const key = typeof apiKey === 'string' ? state.apiKeys.get(apiKey) : undefined;
      if (!key) throw new SimulatorInputError(`unknown apiKey ${JSON.stringify(apiKey)}`);
      Object.assign(key, keyOptions(input));
      return { apiKeys: inspectMagnus(state).apiKeys };
    }
    case 'addApiKey': {
      const apiKey = text(input.apiKey, 'apiKey');
      const apiSecret = text(input.apiSecret, 'apiSecret');
      const options = keyOptions(input);
      state.apiKeys.set(apiKey, {
        apiKey,
        apiSecret,
        permissions: 'crud',
        ipRestriction: '',
        status: 1,
        ...options,
      });
      return { apiKeys: inspectMagnus(state).apiKeys };
    }
    case 'clearRequestCounts':
      state.requestCounts.clear();
      return { requestCounts: {} };
    default:
      throw new SimulatorInputError(
        `unknown action ${JSON.stringify(input.action)}; use ${MAGNUS_MODIFY_ACTIONS.join(', ')}`,
      );
  }
}

function findUser(state: MagnusState, input: Record<string, unknown>): MagnusUser {
  if (typeof input.id === 'number') {
    const user = state.users.get(input.id);
    if (user) return user;
    throw new SimulatorInputError(`no user with id ${input.id}`);
  }
  if (typeof input.username === 'string') {
    const wanted = fold(input.username);
    for (const user of state.users.values()) if (fold(String(user.username)) === wanted) return user;
    throw new SimulatorInputError(`no user with username ${JSON.stringify(input.username)}`);
  }
  throw new SimulatorInputError('give the user as id (a number) or username (a string)');
}

/** Type-checks every field before writing any, so a bad call changes nothing. */
function applyFields(state: MagnusState, user: MagnusUser, raw: unknown): void {
  const fields = object(raw, 'fields must be an object of pkg_user columns');
  const changes: [string, UserValue][] = Object.entries(fields).map(([name, value]) => [
    name,
    fieldValue(name, value),
  ]);
  const username = changes.find(([name]) => name === 'username')?.[1];
  if (username !== undefined) {
    if (typeof username !== 'string' || username.length < 4 || username.length > 20) {
      throw new SimulatorInputError('username must be a string of 4 to 20 characters');
    }
    for (const other of state.users.values()) {
      if (other.id !== user.id && fold(String(other.username)) === fold(username)) {
        throw new SimulatorInputError(`username ${JSON.stringify(username)} is taken by user ${other.id}`);
      }
    }
  }
  for (const [name, value] of changes) user[name] = value;
}

function fieldValue(name: string, value: unknown): UserValue {
  const column = COLUMNS_BY_NAME.get(name);
  if (!column || name === 'id') throw new SimulatorInputError(`unknown or read-only pkg_user column ${name}`);
  if (value === null) return null;
  switch (column.kind) {
    case 'int':
      if ((typeof value === 'number' && Number.isInteger(value)) || value === '') return value;
      throw new SimulatorInputError(`${name} must be an integer (or "" for unset)`);
    case 'decimal':
      if (typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) {
        return Number(value).toFixed(4);
      }
      throw new SimulatorInputError(`${name} must be a number`);
    case 'float':
      if (typeof value === 'number') return value;
      throw new SimulatorInputError(`${name} must be a number`);
    default:
      if (typeof value === 'string') return value;
      throw new SimulatorInputError(`${name} must be a string`);
  }
}

function keyOptions(input: Record<string, unknown>): Partial<MagnusApiKey> {
  const options: Partial<MagnusApiKey> = {};
  if (input.permissions !== undefined) {
    if (typeof input.permissions !== 'string' || !/^[crud]*$/.test(input.permissions)) {
      throw new SimulatorInputError('permissions must be letters of "crud" (e.g. "r", "ru", "")');
    }
    options.permissions = input.permissions;
  }
  if (input.ipAllowList !== undefined) {
    const ips = input.ipAllowList;
    if (
      !Array.isArray(ips) ||
      !ips.every((ip): ip is string => typeof ip === 'string' && !ip.includes(','))
    ) {
      throw new SimulatorInputError('ipAllowList must be an array of IP strings ([] allows any)');
    }
    // Stored as Magnus stores it: one comma list, compared verbatim with REMOTE_ADDR.
    options.ipRestriction = ips.join(',');
  }
  if (input.status !== undefined) {
    if (input.status !== 0 && input.status !== 1) throw new SimulatorInputError('status must be 0 or 1');
    options.status = input.status;
  }
  return options;
}

function object(value: unknown, message: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SimulatorInputError(message);
  return value as Record<string, unknown>;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
    throw new SimulatorInputError(`${field} must be a string of 1 to 200 characters`);
  }
  return value;
}

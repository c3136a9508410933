import express, { type NextFunction, type Request } from 'express';
import type { SimulatorDefinition } from '../host/simulator';
import { checkApiAccess } from './magnus-auth';
import { modifyMagnus } from './magnus-modify';
import { parsePhpForm, PhpArray } from './magnus-php-form';
import { readUsers } from './magnus-read';
import { sanitizeRequest } from './magnus-sanitize';
import { accessDenied, send, unknownAction, type MagnusReply } from './magnus-replies';
import { createMagnusState, inspectMagnus, type MagnusState } from './magnus-state';
import { destroyUser, saveUser } from './magnus-write';

/** Clients use `${host.urlOf('magnus')}/mbilling` as their base URL, as with a real install's public URL. */
export const MAGNUS_BASE_PATH = '/mbilling';
const ENTRY = `${MAGNUS_BASE_PATH}/index.php`;

// PHP reads the raw body itself; parse it ourselves so `$_POST` is rebuilt exactly as PHP would.
const readBody = express.raw({ type: () => true, limit: '10mb' });

export const magnusSimulator: SimulatorDefinition<MagnusState> = {
  name: 'magnus',
  description: 'MagnusBilling 7 API: Key/Sign over PHP http_build_query, user read/save/destroy, quirks',
  createState: ({ seed, settings }) => createMagnusState(seed, settings),
  mount(router, state, ctx) {
    state.clock = ctx.now;
    // A middleware, not a route: it counts every request, including those a fault answers.
    router.use(ENTRY, (req, _res, next) => countRequest(state, req, next));
    // Any method: PHP answers GETs too, with an empty `$_POST`.
    router.all(`${ENTRY}/:module/:action`, readBody, (req, res) => send(res, handle(state, req)));
  },
  inspect: inspectMagnus,
  modify: modifyMagnus,
};

function handle(state: MagnusState, req: Request): MagnusReply {
  const form = isUrlencoded(req) && Buffer.isBuffer(req.body) ? parsePhpForm(req.body) : new PhpArray();
  // BaseController::init screens the body before it looks at the API key.
  const crashed = sanitizeRequest(form);
  if (crashed) return crashed;
  const refused = checkApiAccess(state, req, form);
  if (refused) return refused;
  const module = String(req.params.module);
  const action = String(req.params.action);
  // The demo key's group may only use the user module (integrations.md §2.4).
  if (module !== 'user') return accessDenied(module, action);
  switch (action) {
    case 'read':
      return readUsers(state, form, req.query);
    case 'save':
      return saveUser(state, form);
    case 'destroy':
      return destroyUser(state, form);
    default:
      return unknownAction(action);
  }
}

/** PHP fills `$_POST` only for form content types; a JSON or text/plain body leaves it empty. */
function isUrlencoded(req: Request): boolean {
  return /^application\/x-www-form-urlencoded\s*(;|$)/i.test(String(req.headers['content-type'] ?? ''));
}

/** Misspelt paths are counted too, up to a bound, so a buggy client cannot grow memory. */
const MAX_COUNTED = 100;

function countRequest(state: MagnusState, req: Request, next: NextFunction): void {
  const [module = '', action = ''] = req.path.split('/').slice(1);
  const key = `${module}/${action}`;
  const counted = state.requestCounts.has(key) || state.requestCounts.size < MAX_COUNTED ? key : '(other)';
  state.requestCounts.set(counted, (state.requestCounts.get(counted) ?? 0) + 1);
  next();
}

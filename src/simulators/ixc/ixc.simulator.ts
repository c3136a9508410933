import express, { type NextFunction, type Request, type Response } from 'express';
import type { SimulatorDefinition } from '../host/simulator';
import { authenticate } from './ixc-auth';
import { CONTRACT_ACTIONS, runContractAction } from './ixc-contract-actions';
import {
  IP_NOT_ALLOWED_MESSAGE,
  resourceUnavailable,
  sendBadRequest,
  sendFailure,
  sendGatewayTimeout,
  sendHtmlError,
  sendJson,
  sendMessage,
  sendNotFound,
  sendUnauthorized,
} from './ixc-errors';
import { listResponseJson, parseListRequest, runList } from './ixc-list';
import { modifyIxc } from './ixc-modify';
import { createIxcState, inspectIxc, type IxcState } from './ixc-state';
import type { IxcTable } from './ixc-table';
import { IXC_TABLE_NAMES, type IxcTableName } from './ixc-tables';
import { recordWriteOff, WRITE_OFF_ROUTE } from './ixc-receivable-write-off';
import { insertRow, updateRow } from './ixc-writes';

/** Clients use `${host.urlOf('ixc')}/webservice/v1` as their base URL. */
export const IXC_WEBSERVICE_PATH = '/webservice/v1';

// IXC (PHP) reads the raw body whatever the content type, and GET requests carry one: parse it ourselves.
const readBody = express.raw({ type: () => true, limit: '10mb' });

export const ixcSimulator: SimulatorDefinition<IxcState> = {
  name: 'ixc',
  description:
    'IXCsoft webservice v1: listar (GET body or POST), grid_param, inserts, contract buttons, quirks',
  createState: ({ seed, settings }) => createIxcState(seed, settings),
  mount(router, state, ctx) {
    state.clock = ctx.now;
    // A middleware, not a route: it sees every request, including those a fault answers.
    router.use(IXC_WEBSERVICE_PATH, (req, _res, next) => countRequest(state, req, next));
    router.get(`${IXC_WEBSERVICE_PATH}/:table`, readBody, (req, res) => {
      // The official form is GET with a JSON body; without `ixcsoft: listar` the route does not exist.
      if (!isListing(req)) return sendNotFound(res);
      if (admitted(state, req, res)) list(state, req, res);
    });
    router.post(`${IXC_WEBSERVICE_PATH}/:table`, readBody, (req, res) => {
      if (admitted(state, req, res)) post(state, req, res);
    });
    router.put(`${IXC_WEBSERVICE_PATH}/:table/:id`, readBody, (req, res) => {
      if (admitted(state, req, res)) put(state, req, res);
    });
  },
  inspect: inspectIxc,
  modify: modifyIxc,
  // A rateLimit fault without a body answers like an overloaded IXC behind its proxy: 504, no Retry-After.
  rateLimited: (_req, res) => sendGatewayTimeout(res),
};

function list(state: IxcState, req: Request, res: Response): void {
  const table = tableNamed(state, req.params.table);
  if (!table)
    return sendMessage(res, { type: 'error', message: resourceUnavailable(String(req.params.table)) });
  const body = jsonBody(req);
  const request = body && parseListRequest(table, body, { rejectIn: state.rejectIn });
  if (!request) return sendHtmlError(res);
  sendJson(res, listResponseJson(table, request, runList(table, request)));
}

/** POST is a listing with `ixcsoft: listar` (what fetch-based clients send), else a button or an insert. */
function post(state: IxcState, req: Request, res: Response): void {
  if (isListing(req)) return list(state, req, res);
  const name = String(req.params.table);
  if (name === WRITE_OFF_ROUTE) return writeOff(state, req, res);
  const action = Object.hasOwn(CONTRACT_ACTIONS, name) ? CONTRACT_ACTIONS[name] : undefined;
  const table = tableNamed(state, name);
  if (!action && !table) return sendMessage(res, { type: 'error', message: resourceUnavailable(name) });
  const body = jsonBody(req);
  if (!body) return sendHtmlError(res);
  if (action) {
    const outcome = runContractAction(state, action, body);
    if (outcome.kind !== 'success') return sendFailure(res, outcome);
    return sendMessage(res, { type: 'success', message: outcome.message });
  }
  const result = insertRow(state, table!, body);
  if (result.kind !== 'written') return sendFailure(res, result);
  sendMessage(res, { type: 'success', message: 'Registro inserido com sucesso!', id: result.id });
}

function writeOff(state: IxcState, req: Request, res: Response): void {
  const body = jsonBody(req);
  if (!body) return sendHtmlError(res);
  const outcome = recordWriteOff(state, body);
  if (outcome.kind !== 'success') return sendFailure(res, outcome);
  sendMessage(res, { type: 'success', message: outcome.message, id: outcome.id });
}

function put(state: IxcState, req: Request, res: Response): void {
  const table = tableNamed(state, req.params.table);
  if (!table)
    return sendMessage(res, { type: 'error', message: resourceUnavailable(String(req.params.table)) });
  const body = jsonBody(req);
  if (!body) return sendHtmlError(res);
  const result = updateRow(state, table, String(req.params.id), body);
  if (result.kind !== 'written') return sendFailure(res, result);
  sendMessage(res, { type: 'success', message: 'Registro atualizado com sucesso!', id: result.id });
}

/** Answers auth failures; true when the request may go on. */
function admitted(state: IxcState, req: Request, res: Response): boolean {
  const outcome = authenticate(state, req);
  if (outcome === 'unauthorized') sendUnauthorized(res);
  else if (outcome === 'notBasic') sendBadRequest(res);
  else if (outcome === 'ipNotAllowed') sendMessage(res, { type: 'error', message: IP_NOT_ALLOWED_MESSAGE });
  return outcome === 'ok';
}

function isListing(req: Request): boolean {
  return (
    String(req.headers.ixcsoft ?? '')
      .trim()
      .toLowerCase() === 'listar'
  );
}

function tableNamed(state: IxcState, name: unknown): IxcTable | undefined {
  return IXC_TABLE_NAMES.includes(name as IxcTableName) ? state.tables[name as IxcTableName] : undefined;
}

/** The body as a JSON object; an empty body is `{}`, anything else that is not an object is undefined. */
function jsonBody(req: Request): Record<string, unknown> | undefined {
  const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Misspelt table names are counted too, up to a bound, so a buggy client cannot grow memory. */
const MAX_COUNTED_TABLES = 100;

function countRequest(state: IxcState, req: Request, next: NextFunction): void {
  const segment = req.path.split('/')[1] ?? '';
  if (segment !== '') {
    const table =
      state.requests.has(segment) || state.requests.size < MAX_COUNTED_TABLES ? segment : '(other)';
    const counts = state.requests.get(table) ?? { list: 0, write: 0 };
    if (req.method === 'GET' || isListing(req)) counts.list++;
    else counts.write++;
    state.requests.set(table, counts);
  }
  next();
}

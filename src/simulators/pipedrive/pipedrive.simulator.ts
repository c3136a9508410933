import express, { type NextFunction, type Request, type Response } from 'express';
import type { SimulatorContext, SimulatorDefinition } from '../host/simulator';
import { pipedriveErrors, sendPipedriveError } from './pipedrive-errors';
import { modifyPipedrive } from './pipedrive-modify';
import { cursorPaging, nextCursor, startPaging, v1Pagination } from './pipedrive-paging';
import { searchDeals, searchPersons } from './pipedrive-search';
import {
  addDeal,
  addPerson,
  createPipedriveState,
  inspectPipedrive,
  MAX_PIPEDRIVE_RECORDS,
  type PipedriveDeal,
  type PipedriveState,
} from './pipedrive-state';

const readRawBody = express.raw({ type: () => true, limit: '1mb' });
const DEAL_STATUSES = ['open', 'won', 'lost', 'deleted'];

/**
 * Pipedrive (integrations notes §7): API token in `x-api-token` (or `?api_token=`), v2 search of persons
 * and deals (a CPF in a person custom field), deals by person, deal details, v1 notes, pipelines and
 * stages; the `{success,data,additional_data}` envelope, cursor (v2) and start (v1) paging, and the
 * per-token 2-second burst limits (Search API 10 per 2 s) with `x-ratelimit-*` headers and 429s.
 */
export const pipedriveSimulator: SimulatorDefinition<PipedriveState> = {
  name: 'pipedrive',
  description: 'Pipedrive CRM: persons by CPF custom field, deals, pipelines/stages, notes, 2 s burst limits',
  createState: ({ seed }) => createPipedriveState(seed),
  mount(router, state, ctx) {
    const gate =
      (bucket: 'general' | 'search') =>
      (req: Request, res: Response, next: NextFunction): void => {
        if (authorized(state, req, res) && withinLimit(state, ctx, req, res, bucket)) next();
      };
    const general = gate('general');
    const search = gate('search');
    const body = [readRawBody, parseJson];
    router.get('/api/v2/persons/search', search, (req, res) => searchPersons(state, req, res));
    router.get('/api/v2/deals/search', search, (req, res) => searchDeals(state, req, res));
    router.get('/api/v2/deals', general, (req, res) => listDeals(state, req, res));
    router.get('/api/v2/deals/:id', general, (req, res) => getDeal(state, req, res));
    router.post('/api/v2/deals', general, ...body, (req, res) => createDeal(state, ctx, req, res));
    router.get('/api/v2/persons/:id', general, (req, res) => getPerson(state, req, res));
    router.post('/api/v2/persons', general, ...body, (req, res) => createPerson(state, ctx, req, res));
    router.get('/v1/persons/:id/deals', general, (req, res) => personDealsV1(state, req, res));
    router.post('/v1/notes', general, ...body, (req, res) => createNote(state, ctx, req, res));
    router.get('/v1/pipelines', general, (_req, res) => ok(res, state.pipelines));
    router.get('/v1/stages', general, (req, res) => {
      const pipelineId = req.query.pipeline_id === undefined ? undefined : Number(req.query.pipeline_id);
      ok(
        res,
        state.stages.filter((s) => pipelineId === undefined || s.pipeline_id === pipelineId),
      );
    });
    router.get('/v1/personFields', general, (_req, res) =>
      ok(res, [
        { id: 9001, key: 'name', name: 'Name', field_type: 'varchar' },
        { id: 9002, key: state.documentFieldKey, name: 'CPF/CNPJ', field_type: 'varchar' },
      ]),
    );
  },
  inspect: inspectPipedrive,
  modify: modifyPipedrive,
  rateLimited: (_req, res, retryAfterSeconds) => {
    res.set({
      'x-ratelimit-limit': '0',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Math.ceil(Math.max(0, retryAfterSeconds))),
    });
    sendPipedriveError(res, 429, pipedriveErrors.overLimit);
  },
};

function ok(res: Response, data: unknown, additional: Record<string, unknown> = {}, status = 200): void {
  res.status(status).json({ success: true, data, additional_data: additional });
}

function tokenOf(req: Request): string | undefined {
  const header = req.get('x-api-token');
  if (header) return header;
  return typeof req.query.api_token === 'string' ? req.query.api_token : undefined;
}

function authorized(state: PipedriveState, req: Request, res: Response): boolean {
  if (tokenOf(req) === state.apiToken) return true;
  sendPipedriveError(res, 401, pipedriveErrors.unauthorized);
  return false;
}

/** Fixed 2-second window per token and bucket; `x-ratelimit-reset` is the seconds left in the window. */
function withinLimit(
  state: PipedriveState,
  ctx: SimulatorContext,
  req: Request,
  res: Response,
  bucket: 'general' | 'search',
): boolean {
  const now = ctx.now().getTime();
  const limit = state.rateLimit[bucket];
  const key = `${tokenOf(req)}:${bucket}`;
  let window = state.windows.get(key);
  if (!window || now >= window.start + state.rateLimit.windowMs) {
    window = { start: now, used: 0 };
    state.windows.set(key, window);
  }
  window.used++;
  res.set({
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(Math.max(0, limit - window.used)),
    'x-ratelimit-reset': String(
      Math.max(1, Math.ceil((window.start + state.rateLimit.windowMs - now) / 1000)),
    ),
  });
  if (req.method !== 'GET') res.set('x-daily-requests-left', '9999');
  if (window.used <= limit) return true;
  sendPipedriveError(res, 429, pipedriveErrors.overLimit);
  return false;
}

function parseJson(req: Request, res: Response, next: NextFunction): void {
  try {
    const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const parsed: unknown = JSON.parse(text === '' ? '{}' : text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    req.body = parsed;
    next();
  } catch {
    sendPipedriveError(res, 400, pipedriveErrors.badJson);
  }
}

function idParam(req: Request): number | undefined {
  const raw = req.params.id;
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}

function stampOf(ctx: SimulatorContext): string {
  return ctx
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

function statusesOf(req: Request, fallback: string[]): string[] | undefined {
  if (typeof req.query.status !== 'string' || req.query.status === '') return fallback;
  const statuses = req.query.status.split(',');
  return statuses.every((s) => DEAL_STATUSES.includes(s)) ? statuses : undefined;
}

function listDeals(state: PipedriveState, req: Request, res: Response): void {
  const paging = cursorPaging(req);
  if (!paging.ok) return sendPipedriveError(res, 400, paging.error);
  const statuses = statusesOf(req, ['open', 'won', 'lost']);
  if (!statuses) return sendPipedriveError(res, 400, 'status must be a list of open, won, lost, deleted');
  const personId = req.query.person_id === undefined ? undefined : Number(req.query.person_id);
  const deals = state.deals.filter(
    (d) => (personId === undefined || d.person_id === personId) && statuses.includes(d.status),
  );
  ok(res, deals.slice(paging.offset, paging.offset + paging.limit), {
    next_cursor: nextCursor(paging.offset, paging.limit, deals.length),
  });
}

function getDeal(state: PipedriveState, req: Request, res: Response): void {
  const deal = state.deals.find((d) => d.id === idParam(req));
  if (!deal) return sendPipedriveError(res, 404, 'Deal not found');
  ok(res, deal);
}

function getPerson(state: PipedriveState, req: Request, res: Response): void {
  const person = state.persons.find((p) => p.id === idParam(req));
  if (!person) return sendPipedriveError(res, 404, 'Person not found');
  ok(res, person);
}

function personDealsV1(state: PipedriveState, req: Request, res: Response): void {
  const personId = idParam(req);
  if (!state.persons.some((p) => p.id === personId)) return sendPipedriveError(res, 404, 'Person not found');
  const paging = startPaging(req);
  if (!paging.ok) return sendPipedriveError(res, 400, paging.error);
  const raw = typeof req.query.status === 'string' ? req.query.status : 'all_not_deleted';
  const deals = state.deals.filter(
    (d) =>
      d.person_id === personId && (raw === 'all_not_deleted' ? d.status !== 'deleted' : d.status === raw),
  );
  const rows = deals.slice(paging.offset, paging.offset + paging.limit).map(v1Deal);
  ok(res, rows.length > 0 ? rows : null, {
    pagination: v1Pagination(paging.offset, paging.limit, deals.length),
  });
}

/** v1 puts custom fields at the top level, keyed by their hash. */
function v1Deal(deal: PipedriveDeal): Record<string, unknown> {
  const { custom_fields: custom, ...rest } = deal;
  return { ...rest, ...custom };
}

function createPerson(state: PipedriveState, ctx: SimulatorContext, req: Request, res: Response): void {
  const body = req.body as Record<string, unknown>;
  if (typeof body.name !== 'string' || body.name.trim() === '')
    return sendPipedriveError(res, 400, 'Validation failed: name: Required');
  const custom = body.custom_fields;
  if (custom !== undefined && (typeof custom !== 'object' || custom === null || Array.isArray(custom)))
    return sendPipedriveError(res, 400, 'Validation failed: custom_fields: must be an object');
  const fields = (custom ?? {}) as Record<string, unknown>;
  const unknownKey = Object.keys(fields).find((k) => k !== state.documentFieldKey);
  if (unknownKey) return sendPipedriveError(res, 400, `Unknown custom field: ${unknownKey}`);
  const document = fields[state.documentFieldKey];
  const firstValue = (list: unknown) =>
    Array.isArray(list) && typeof (list[0] as { value?: unknown })?.value === 'string'
      ? (list[0] as { value: string }).value
      : null;
  const person = addPerson(
    state,
    {
      name: body.name.trim(),
      document: typeof document === 'string' ? document : null,
      email: firstValue(body.emails),
      phone: firstValue(body.phones),
    },
    stampOf(ctx),
  );
  ok(res, person);
}

function createDeal(state: PipedriveState, ctx: SimulatorContext, req: Request, res: Response): void {
  const body = req.body as Record<string, unknown>;
  if (typeof body.title !== 'string' || body.title.trim() === '')
    return sendPipedriveError(res, 400, 'Validation failed: title: Required');
  const personId = body.person_id ?? null;
  if (personId !== null && !state.persons.some((p) => p.id === personId))
    return sendPipedriveError(res, 400, 'Validation failed: person_id: Person not found');
  if (body.value !== undefined && (typeof body.value !== 'number' || !Number.isFinite(body.value)))
    return sendPipedriveError(res, 400, 'Validation failed: value: must be a number');
  const stageId = body.stage_id === undefined ? undefined : Number(body.stage_id);
  const stage = stageId === undefined ? undefined : state.stages.find((s) => s.id === stageId);
  if (stageId !== undefined && !stage)
    return sendPipedriveError(res, 400, 'Validation failed: stage_id: Stage not found');
  const pipelineId = body.pipeline_id === undefined ? stage?.pipeline_id : Number(body.pipeline_id);
  if (pipelineId !== undefined && !state.pipelines.some((p) => p.id === pipelineId))
    return sendPipedriveError(res, 400, 'Validation failed: pipeline_id: Pipeline not found');
  if (stage && pipelineId !== stage.pipeline_id)
    return sendPipedriveError(res, 400, 'Validation failed: stage_id: Stage does not belong to the pipeline');
  const deal = addDeal(
    state,
    {
      title: body.title.trim(),
      personId: personId as number | null,
      value: (body.value as number | undefined) ?? 0,
      currency: typeof body.currency === 'string' ? body.currency : 'BRL',
      pipelineId,
      stageId,
    },
    stampOf(ctx),
  );
  ok(res, deal);
}

function createNote(state: PipedriveState, ctx: SimulatorContext, req: Request, res: Response): void {
  const body = req.body as Record<string, unknown>;
  if (typeof body.content !== 'string' || body.content.trim() === '')
    return sendPipedriveError(res, 400, 'Validation failed: content: Required');
  const dealId = body.deal_id === undefined ? null : Number(body.deal_id);
  const personId = body.person_id === undefined ? null : Number(body.person_id);
  if (dealId === null && personId === null)
    return sendPipedriveError(
      res,
      400,
      'Validation failed: deal_id, person_id, org_id or lead_id is required',
    );
  if (dealId !== null && !state.deals.some((d) => d.id === dealId))
    return sendPipedriveError(res, 400, 'Validation failed: deal_id: Deal not found');
  const note = {
    id: state.nextId.note++,
    content: body.content,
    deal_id: dealId,
    person_id: personId,
    add_time: stampOf(ctx),
  };
  state.notes.push(note);
  if (state.notes.length > MAX_PIPEDRIVE_RECORDS) state.notes.shift();
  ok(res, note, {}, 201);
}

import type { Request, Response } from 'express';
import { sendPipedriveError } from './pipedrive-errors';
import { cursorPaging, nextCursor } from './pipedrive-paging';
import type { PipedriveDeal, PipedrivePerson, PipedriveState } from './pipedrive-state';

const PERSON_FIELDS = ['name', 'email', 'phone', 'notes', 'custom_fields'];
const DEAL_FIELDS = ['title', 'notes', 'custom_fields'];

interface SearchInput {
  term: string;
  exact: boolean;
  fields: string[];
  offset: number;
  limit: number;
}

/** The common search parameters; answers 400 itself and returns undefined when they are invalid. */
function searchInput(req: Request, res: Response, allowed: string[]): SearchInput | undefined {
  const term = typeof req.query.term === 'string' ? req.query.term.trim() : '';
  const exact = req.query.exact_match === 'true' || req.query.exact_match === '1';
  if (term.length < (exact ? 1 : 2)) {
    sendPipedriveError(res, 400, 'term must be at least 2 characters long (1 with exact_match)');
    return undefined;
  }
  const fields =
    typeof req.query.fields === 'string' && req.query.fields !== '' ? req.query.fields.split(',') : allowed;
  const unknown = fields.filter((f) => !allowed.includes(f));
  if (unknown.length > 0) {
    sendPipedriveError(res, 400, `Invalid fields: ${unknown.join(', ')}`);
    return undefined;
  }
  const paging = cursorPaging(req);
  if (!paging.ok) {
    sendPipedriveError(res, 400, paging.error);
    return undefined;
  }
  return { term, exact, fields, offset: paging.offset, limit: paging.limit };
}

function matches(value: string | null | undefined, input: SearchInput): boolean {
  if (value === null || value === undefined) return false;
  const a = value.toLowerCase();
  const b = input.term.toLowerCase();
  return input.exact ? a === b : a.includes(b);
}

function stringValues(fields: Record<string, unknown>): string[] {
  return Object.values(fields).filter((v): v is string => typeof v === 'string');
}

function page<T>(res: Response, hits: T[], input: SearchInput): void {
  const items = hits.slice(input.offset, input.offset + input.limit);
  res.json({
    success: true,
    data: { items },
    additional_data: { next_cursor: nextCursor(input.offset, input.limit, hits.length) },
  });
}

/** `GET /api/v2/persons/search`: name, e-mail, phone, notes or searchable custom fields (a CPF in a varchar). */
export function searchPersons(state: PipedriveState, req: Request, res: Response): void {
  const input = searchInput(req, res, PERSON_FIELDS);
  if (!input) return;
  const notesOf = (p: PipedrivePerson) =>
    state.notes.filter((n) => n.person_id === p.id && n.deal_id === null).map((n) => n.content);
  const hits = state.persons
    .filter(
      (p) =>
        (input.fields.includes('name') && matches(p.name, input)) ||
        (input.fields.includes('email') && p.emails.some((e) => matches(e.value, input))) ||
        (input.fields.includes('phone') && p.phones.some((e) => matches(e.value, input))) ||
        (input.fields.includes('notes') && notesOf(p).some((n) => matches(n, input))) ||
        (input.fields.includes('custom_fields') &&
          stringValues(p.custom_fields).some((v) => matches(v, input))),
    )
    .map((p) => ({
      result_score: input.exact ? 1 : 0.5,
      item: {
        id: p.id,
        type: 'person',
        name: p.name,
        phones: p.phones.map((e) => e.value),
        emails: p.emails.map((e) => e.value),
        visible_to: 3,
        owner: { id: p.owner_id },
        organization: null,
        custom_fields: stringValues(p.custom_fields),
        notes: notesOf(p),
        update_time: p.update_time,
      },
    }));
  page(res, hits, input);
}

/** `GET /api/v2/deals/search`: title, notes or custom fields, optionally of one person and status. */
export function searchDeals(state: PipedriveState, req: Request, res: Response): void {
  const input = searchInput(req, res, DEAL_FIELDS);
  if (!input) return;
  const personId = req.query.person_id === undefined ? undefined : Number(req.query.person_id);
  const status = typeof req.query.status === 'string' ? req.query.status : undefined;
  if (status !== undefined && !['open', 'won', 'lost'].includes(status))
    return sendPipedriveError(res, 400, 'status must be one of open, won, lost');
  const notesOf = (d: PipedriveDeal) => state.notes.filter((n) => n.deal_id === d.id).map((n) => n.content);
  const hits = state.deals
    .filter((d) => !d.is_deleted)
    .filter((d) => personId === undefined || d.person_id === personId)
    .filter((d) => status === undefined || d.status === status)
    .filter(
      (d) =>
        (input.fields.includes('title') && matches(d.title, input)) ||
        (input.fields.includes('notes') && notesOf(d).some((n) => matches(n, input))) ||
        (input.fields.includes('custom_fields') &&
          stringValues(d.custom_fields).some((v) => matches(v, input))),
    )
    .map((d) => {
      const person = state.persons.find((p) => p.id === d.person_id);
      const stage = state.stages.find((s) => s.id === d.stage_id);
      return {
        result_score: input.exact ? 1 : 0.5,
        item: {
          id: d.id,
          type: 'deal',
          title: d.title,
          value: d.value,
          currency: d.currency,
          status: d.status,
          visible_to: 3,
          owner: { id: d.owner_id },
          stage: stage ? { id: stage.id, name: stage.name } : null,
          person: person ? { id: person.id, name: person.name } : null,
          organization: null,
          custom_fields: stringValues(d.custom_fields),
          notes: notesOf(d),
          is_archived: d.is_archived,
        },
      };
    });
  page(res, hits, input);
}

import type { Request, Response } from 'express';
import { fieldError, sendSendgridErrors } from './sendgrid-errors';
import { bounces, type SendgridState } from './sendgrid-state';

const MAX_LIMIT = 1000;
// One clause of the Email Activity query language: `unique_args['key']="value"`, `msg_id="…"`, `to_email="…"`.
const CLAUSE = /^(?:unique_args\[(['"])([^'"]+)\1\]|(msg_id|to_email|subject))\s*=\s*"([^"]*)"$/;

interface Clause {
  field: 'unique_args' | 'msg_id' | 'to_email' | 'subject';
  key?: string;
  value: string;
}

/**
 * `GET /v3/messages?limit=&query=`: SendGrid's Email Activity API (a paid add-on), answering
 * `{messages: [{msg_id, from_email, subject, to_email, status, opens_count, clicks_count, last_event_time}]}`
 * newest first, one entry per recipient. The query supports the clauses a client correlates with, joined by
 * `AND`; custom_args match at the message and the personalization level, as SendGrid merges them.
 */
export function searchActivity(state: SendgridState, req: Request, res: Response): void {
  const limit = Number(req.query.limit ?? 10);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return sendSendgridErrors(res, 400, [
      fieldError('limit', `limit must be an integer between 1 and ${MAX_LIMIT}`),
    ]);
  }
  const clauses = parseQuery(typeof req.query.query === 'string' ? req.query.query : '');
  if (clauses === undefined) {
    return sendSendgridErrors(res, 400, [fieldError('query', 'invalid query')]);
  }
  const found = [];
  for (const message of [...state.messages].reverse()) {
    for (const p of message.personalizations) {
      const args = { ...message.customArgs, ...p.custom_args };
      for (const { email } of [...p.to, ...(p.cc ?? []), ...(p.bcc ?? [])]) {
        const values = {
          msg_id: message.messageId,
          to_email: email,
          subject: p.subject ?? message.subject ?? '',
        };
        const matches = clauses.every((c) =>
          c.field === 'unique_args' ? args[c.key!] === c.value : values[c.field] === c.value,
        );
        if (!matches) continue;
        found.push({
          from_email: message.from.email,
          msg_id: message.messageId,
          subject: values.subject,
          to_email: email,
          status: bounces(state, email) ? 'not_delivered' : 'delivered',
          opens_count: 0,
          clicks_count: 0,
          last_event_time: message.receivedAt,
        });
      }
    }
  }
  res.status(200).json({ messages: found.slice(0, limit) });
}

/** undefined when the query is not understood; an empty query matches everything. */
function parseQuery(query: string): Clause[] | undefined {
  if (query.trim() === '') return [];
  const clauses: Clause[] = [];
  for (const part of query.split(/\s+AND\s+/i)) {
    const match = CLAUSE.exec(part.trim());
    if (!match) return undefined;
    clauses.push(
      match[2] !== undefined
        ? { field: 'unique_args', key: match[2], value: match[4]! }
        : { field: match[3] as Clause['field'], value: match[4]! },
    );
  }
  return clauses;
}

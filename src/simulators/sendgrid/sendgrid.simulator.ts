import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import type { SimulatorContext, SimulatorDefinition } from '../host/simulator';
import { searchActivity } from './sendgrid-activity';
import { validateMailSend, type MailSendPayload } from './mail-send.validation';
import { sendgridErrors, sendSendgridErrors } from './sendgrid-errors';
import { modifySendgrid } from './sendgrid-modify';
import {
  bounces,
  createSendgridState,
  inspectSendgrid,
  MAX_SENDGRID_MESSAGES,
  MAX_SENDGRID_SCHEDULE_RECEIPTS,
  SENDGRID_RESTRICTED_API_KEY,
  type SendgridMessage,
  type SendgridState,
} from './sendgrid-state';

// SendGrid refuses a whole message above 30 MB (attachments included) with 413.
const readRawBody = express.raw({ type: () => true, limit: '30mb' });
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export const sendgridSimulator: SimulatorDefinition<SendgridState> = {
  name: 'sendgrid',
  description:
    'SendGrid v3 Mail Send: validation, 202 + X-Message-Id, rate-limit headers, hard bounces, activity search',
  createState: ({ seed }) => createSendgridState(seed),
  mount(router, state, ctx) {
    // The error handler sits in the same route: Express skips other routes while an error is pending.
    const send = (req: Request, res: Response) => mailSend(state, ctx, req, res);
    router.post('/v3/mail/send', readRawBody, send, bodyTooLarge);
    router.get('/v3/messages', (req, res) => {
      if (authorized(state, req, res)) searchActivity(state, req, res);
    });
  },
  inspect: inspectSendgrid,
  modify: modifySendgrid,
  rateLimited: (_req, res) => sendSendgridErrors(res, 429, [sendgridErrors.tooManyRequests]),
};

/** Answers 401/403 itself and returns false when the key may not call the API. */
function authorized(state: SendgridState, req: Request, res: Response): boolean {
  const auth = req.get('authorization');
  const key = auth?.match(/^Bearer (.+)$/)?.[1];
  if (auth === undefined || auth === '') sendSendgridErrors(res, 401, [sendgridErrors.authorizationRequired]);
  else if (key === SENDGRID_RESTRICTED_API_KEY)
    sendSendgridErrors(res, 403, [sendgridErrors.accessForbidden]);
  else if (key !== state.apiKey) sendSendgridErrors(res, 401, [sendgridErrors.invalidGrant]);
  else return true;
  return false;
}

function mailSend(state: SendgridState, ctx: SimulatorContext, req: Request, res: Response): void {
  if (!authorized(state, req, res)) return;

  if (!takeFromWindow(state, res, ctx.now().getTime())) {
    return sendSendgridErrors(res, 429, [sendgridErrors.tooManyRequests]);
  }

  let body: unknown;
  try {
    body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
  } catch {
    return sendSendgridErrors(res, 400, [sendgridErrors.badJson]);
  }
  const payload = validateMailSend(body);
  if (!payload.ok) return sendSendgridErrors(res, 400, payload.errors);

  const message = record(state, payload.value, ctx.now());
  res.status(202).set('X-Message-Id', message.messageId).end();
}

/** Fixed window per account; the headers go on every answer so clients can pace from them. */
function takeFromWindow(state: SendgridState, res: Response, nowMs: number): boolean {
  const { limit, windowMs } = state.rateLimit;
  if (!state.window || nowMs >= state.window.start + windowMs) state.window = { start: nowMs, used: 0 };
  state.window.used++;
  res.set({
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(Math.max(0, limit - state.window.used)),
    // epoch seconds, as SendGrid sends it
    'X-RateLimit-Reset': String(Math.ceil((state.window.start + windowMs) / 1000)),
  });
  return state.window.used <= limit;
}

function record(state: SendgridState, payload: MailSendPayload, now: Date): SendgridMessage {
  const messageId = Array.from({ length: 22 }, () => ID_ALPHABET[Math.floor(state.random() * 64)]).join('');
  const recipients = payload.personalizations.flatMap((p) =>
    [...p.to, ...(p.cc ?? []), ...(p.bcc ?? [])].map((a) => a.email),
  );
  const message: SendgridMessage = { messageId, receivedAt: now.toISOString(), ...payload, recipients };
  state.messages.push(message);
  if (state.messages.length > MAX_SENDGRID_MESSAGES) state.messages.shift();

  const receipts = state.scheduleReceipts;
  for (const p of payload.personalizations) {
    const scheduleId = p.custom_args?.schedule_id ?? payload.customArgs.schedule_id;
    if (scheduleId === undefined) continue;
    receipts.ids.push(scheduleId);
    receipts.at.push(now.getTime());
  }
  if (receipts.ids.length > MAX_SENDGRID_SCHEDULE_RECEIPTS) {
    const drop = receipts.ids.length - MAX_SENDGRID_SCHEDULE_RECEIPTS;
    receipts.ids.splice(0, drop);
    receipts.at.splice(0, drop);
  }

  // SendGrid accepts a bouncing recipient with 202 and reports the bounce later (Event Webhook).
  for (const p of payload.personalizations) {
    for (const { email } of [...p.to, ...(p.cc ?? []), ...(p.bcc ?? [])]) {
      if (!bounces(state, email)) continue;
      state.bounces.push({
        email,
        messageId,
        type: 'bounce',
        status: '5.1.1',
        reason: `550 5.1.1 The email account that you tried to reach does not exist: ${email}`,
        customArgs: { ...payload.customArgs, ...p.custom_args },
      });
      if (state.bounces.length > MAX_SENDGRID_MESSAGES) state.bounces.shift();
    }
  }
  return message;
}

const bodyTooLarge: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const type = typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
  if (type !== 'entity.too.large') return next(error);
  sendSendgridErrors(res, 413, [sendgridErrors.tooLarge]);
};

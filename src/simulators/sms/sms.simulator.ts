import express, { type Request, type Response } from 'express';
import type { SimulatorContext, SimulatorDefinition } from '../host/simulator';
import { sendSmsError, smsErrors } from './sms-errors';
import { modifySms } from './sms-modify';
import { countSegments } from './sms-segments';
import { SMS_NUMBER_RULE, validateSend } from './sms-send.validation';
import {
  createSmsState,
  inspectSms,
  issueToken,
  MAX_SMS_MESSAGES,
  SMS_DEMO_CREDENTIALS,
  SMS_TOKEN_TTL_SECONDS,
  type SmsMessage,
  type SmsState,
} from './sms-state';

const readRawBody = express.raw({ type: () => true, limit: '1mb' });

/**
 * Assertiva-shaped SMS gateway (integrations notes §6.1): OAuth2 client-credentials token, then
 * `POST /sms/v3/send` with `arraySms`. Only the request side is publicly known; the reply carries the
 * one documented hint, an `id_sms` per message, and everything else is the simulator's choice.
 */
export const smsSimulator: SimulatorDefinition<SmsState> = {
  name: 'sms',
  description: 'SMS gateway (Assertiva shape): OAuth2 token, /sms/v3/send with arraySms, invalid numbers',
  createState: ({ seed }) => createSmsState(seed),
  mount(router, state, ctx) {
    const token = (req: Request, res: Response) => tokenEndpoint(state, ctx, req, res);
    const send = (req: Request, res: Response) => sendEndpoint(state, ctx, req, res);
    router.post('/oauth2/v3/token', readRawBody, token);
    router.post('/sms/v3/send', readRawBody, send);
  },
  inspect: inspectSms,
  modify: modifySms,
  rateLimited: (_req, res, retryAfterSeconds) => {
    res.set('Retry-After', String(Math.ceil(Math.max(0, retryAfterSeconds))));
    sendSmsError(res, 429, smsErrors.tooManyRequests);
  },
};

function tokenEndpoint(state: SmsState, ctx: SimulatorContext, req: Request, res: Response): void {
  const basic = req.get('authorization')?.match(/^Basic (.+)$/)?.[1];
  const expected = Buffer.from(
    `${SMS_DEMO_CREDENTIALS.clientId}:${SMS_DEMO_CREDENTIALS.clientSecret}`,
  ).toString('base64');
  if (basic !== expected) {
    res.set('WWW-Authenticate', 'Basic realm="oauth2"');
    return sendSmsError(res, 401, smsErrors.invalidClient);
  }
  const form = new URLSearchParams(bodyText(req));
  if (form.get('grant_type') !== 'client_credentials')
    return sendSmsError(res, 400, smsErrors.unsupportedGrant);
  const accessToken = issueToken(state, ctx.now().getTime());
  res
    .status(200)
    .json({ access_token: accessToken, token_type: 'Bearer', expires_in: SMS_TOKEN_TTL_SECONDS });
}

function sendEndpoint(state: SmsState, ctx: SimulatorContext, req: Request, res: Response): void {
  const nowMs = ctx.now().getTime();
  const token = req.get('authorization')?.match(/^Bearer (.+)$/)?.[1];
  const expiresAt = token === undefined ? undefined : state.tokens.get(token);
  if (expiresAt === undefined || expiresAt <= nowMs) return sendSmsError(res, 401, smsErrors.invalidToken);

  let body: unknown;
  try {
    body = JSON.parse(bodyText(req));
  } catch {
    return sendSmsError(res, 400, smsErrors.invalidJson);
  }
  const payload = validateSend(body);
  if (!payload.ok) return sendSmsError(res, 400, payload.body);

  // All or nothing: a batch with a bad number sends nothing, so a retry after fixing it cannot duplicate.
  const invalid = payload.value.arraySms
    .map((item) => item.number)
    .filter((number) => !SMS_NUMBER_RULE.test(number) || state.invalidNumbers.has(number));
  if (invalid.length > 0) return sendSmsError(res, 400, smsErrors.invalidNumber(invalid));

  const receivedAt = new Date(nowMs).toISOString();
  const accepted = payload.value.arraySms.map((item): SmsMessage => {
    const message: SmsMessage = {
      id_sms: state.nextId++,
      number: item.number,
      message: item.message,
      filter_value: item.filter_value ?? null,
      route_type: payload.value.route_type ?? null,
      webhook_status_url: payload.value.webhook_status_url ?? null,
      receivedAt,
      ...countSegments(item.message),
    };
    state.messages.push(message);
    if (state.messages.length > MAX_SMS_MESSAGES) state.messages.shift();
    return message;
  });
  res.status(200).json({
    arraySms: accepted.map((m) => ({
      id_sms: m.id_sms,
      number: m.number,
      filter_value: m.filter_value,
    })),
  });
}

function bodyText(req: Request): string {
  return Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
}

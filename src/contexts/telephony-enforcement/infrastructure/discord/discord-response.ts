import {
  DiscordInvalidPayloadError,
  DiscordUnauthorizedError,
  DiscordUnavailableError,
  DiscordUnexpectedResponseError,
  DiscordUnknownWebhookError,
  type DiscordError,
} from './discord-errors';
import { header, numberHeader, type ResponseHeaders } from './discord-rate-limits';
import { redactWebhookTokens } from './discord-webhook-url';

export type DiscordVerdict = { ok: true; messageId: string | null } | { ok: false; error: DiscordError };

const DETAIL_LIMIT = 500;
/** Used when a 429 names no wait at all (a proxy's page); long enough not to hammer a ban. */
const UNKNOWN_RETRY_AFTER_MS = 5000;

/**
 * Reads an execute-webhook answer other than 429 (which the client handles with the headers):
 * 200 + message object (wait=true) or 204, else the error it stands for (integrations.md §3 "Errors").
 */
export function classifyDiscordResponse(status: number, body: string, webhook: string): DiscordVerdict {
  const json = parseObject(body);
  const discordCode = typeof json?.code === 'number' ? json.code : undefined;
  const fail = (error: DiscordError): DiscordVerdict => ({ ok: false, error });

  if (status >= 200 && status < 300) {
    // A 2xx means Discord took the message; an id we cannot read does not make it undelivered.
    return { ok: true, messageId: typeof json?.id === 'string' ? json.id : null };
  }
  if (status === 404) return fail(new DiscordUnknownWebhookError(webhook, discordCode));
  if (status === 401 || status === 403)
    return fail(new DiscordUnauthorizedError(webhook, status, discordCode));
  if (status === 400 || status === 413) {
    return fail(new DiscordInvalidPayloadError(webhook, status, formErrors(json, body), discordCode));
  }
  if (status === 408 || status >= 500)
    return fail(new DiscordUnavailableError(webhook, httpDetail(status, json), status));
  return fail(
    new DiscordUnexpectedResponseError(webhook, status, json ? summary(jsonMessage(json)) : unread(body)),
  );
}

/**
 * Reads a 429: `retry_after` from the JSON body (seconds, with decimals) when present, else the
 * `Retry-After` header (whole seconds); global when `X-RateLimit-Global` or the body's `global` says so.
 */
export function parseRateLimited(
  headers: ResponseHeaders,
  body: string,
): { retryAfterMs: number; global: boolean } {
  const json = parseObject(body);
  const bodySeconds = typeof json?.retry_after === 'number' ? json.retry_after : undefined;
  const seconds =
    bodySeconds ?? numberHeader(headers, 'retry-after') ?? numberHeader(headers, 'x-ratelimit-reset-after');
  const global = json?.global === true || header(headers, 'x-ratelimit-global')?.toLowerCase() === 'true';
  const retryAfterMs =
    seconds !== undefined && seconds >= 0 ? Math.round(seconds * 1000) : UNKNOWN_RETRY_AFTER_MS;
  return { retryAfterMs, global };
}

/** "Invalid Form Body: {"embeds":{"_errors":[…]}}" — Discord's own account of what is wrong. */
function formErrors(json: Record<string, unknown> | undefined, body: string): string {
  if (!json) return unread(body);
  const errors = json.errors === undefined ? '' : JSON.stringify(json.errors);
  return summary([jsonMessage(json), errors].filter(Boolean).join(': '));
}

/** "HTTP 502" or "HTTP 500: <Discord's message>"; an HTML error page adds nothing worth quoting. */
function httpDetail(status: number, json: Record<string, unknown> | undefined): string {
  const message = json ? summary(jsonMessage(json)) : '';
  return message ? `HTTP ${status}: ${message}` : `HTTP ${status}`;
}

/**
 * A body that is not Discord's JSON is described, never quoted: a tenant could aim the webhook URL at an
 * internal service, whose answers must not reach run reports or the API.
 */
function unread(body: string): string {
  return body.trim() === '' ? '' : `a non-JSON answer (${Buffer.byteLength(body)} bytes)`;
}

function jsonMessage(json: Record<string, unknown>): string {
  return typeof json.message === 'string' ? json.message : '';
}

function summary(text: string): string {
  const clean = redactWebhookTokens(text.replace(/\s+/g, ' ').trim());
  return clean.length > DETAIL_LIMIT ? `${clean.slice(0, DETAIL_LIMIT)}…` : clean;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

import { CrmUnavailableError } from '../../domain/debt-escalation.errors';

/** What the client reads of an answer (the outbound stack's `HttpAnswer` fits). */
export interface PipedriveAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  readonly json: unknown;
}

const header = (answer: PipedriveAnswer, name: string): string | undefined => {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * When a 429 says to come back: `Retry-After` (seconds or a date) or Pipedrive's `x-ratelimit-reset`
 * (seconds left in the 2-second window); one second when neither is readable.
 */
export function retryAfterMs(answer: PipedriveAnswer, now = Date.now()): number {
  const retryAfter = header(answer, 'retry-after');
  if (retryAfter !== undefined) {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = Number(header(answer, 'x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset >= 0) {
    // A reset far larger than a window is an epoch timestamp, not a countdown.
    return reset > 1_000_000_000 ? Math.max(0, reset * 1000 - now) : reset * 1000;
  }
  return 1000;
}

/**
 * The `data` of a Pipedrive envelope `{success, data, additional_data}`. The body decides, not the status:
 * `success:false` is an error whatever the status; 429 carries when to retry; 401/403/400/404 are
 * permanent (retrying cannot help), 5xx and unreadable bodies transient.
 */
export function envelopeData<T>(
  answer: PipedriveAnswer,
  what: string,
): { data: T; additional: Record<string, unknown> } {
  const body = answer.json as
    { success?: unknown; data?: unknown; error?: unknown; additional_data?: unknown } | undefined;
  if (answer.status === 429)
    throw new CrmUnavailableError(`Pipedrive rate limit on ${what}`, retryAfterMs(answer));
  if (body && body.success === true && answer.status < 300)
    return { data: body.data as T, additional: (body.additional_data ?? {}) as Record<string, unknown> };
  const message = typeof body?.error === 'string' ? body.error.slice(0, 300) : `HTTP ${answer.status}`;
  const permanent = [400, 401, 402, 403, 404, 410, 422].includes(answer.status);
  throw new CrmUnavailableError(`Pipedrive ${what}: ${message}`, undefined, permanent);
}

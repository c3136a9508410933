import { smsErrors, type SmsErrorBody } from './sms-errors';

/**
 * The simulator's number rule (Assertiva publishes none): a Brazilian mobile as digits only, country
 * code included — `55`, a two-digit area code without zeros, then `9` and eight digits. SMS cannot reach
 * landlines, so 12-digit numbers are refused too.
 */
export const SMS_NUMBER_RULE = /^55[1-9][1-9]9\d{8}$/;

export interface SmsItem {
  number: string;
  message: string;
  filter_value?: string;
}

export interface SendPayload {
  route_type?: number;
  webhook_status_url?: string;
  arraySms: SmsItem[];
}

type Result = { ok: true; value: SendPayload } | { ok: false; body: SmsErrorBody };
type Json = Record<string, unknown>;

/** Checks the send body of §6.1; the first problem is reported. */
export function validateSend(body: unknown): Result {
  if (!isObject(body)) return fail('body', 'The body must be a JSON object');
  for (const flag of ['can_receive_status', 'can_receive_answer']) {
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean')
      return fail(flag, `${flag} must be a boolean`);
  }
  for (const url of ['webhook_status_url', 'webhook_answer_url']) {
    if (body[url] !== undefined && typeof body[url] !== 'string') return fail(url, `${url} must be a string`);
  }
  if (body.route_type !== undefined && !Number.isInteger(body.route_type)) {
    return fail('route_type', 'route_type must be an integer');
  }
  if (!Array.isArray(body.arraySms) || body.arraySms.length === 0) {
    return fail('arraySms', 'arraySms must be a non-empty array');
  }
  const items: SmsItem[] = [];
  for (const [index, entry] of body.arraySms.entries()) {
    const path = `arraySms[${index}]`;
    if (!isObject(entry)) return fail(path, `${path} must be an object`);
    if (typeof entry.number !== 'string') return fail(`${path}.number`, 'number must be a string of digits');
    if (typeof entry.message !== 'string' || entry.message.trim() === '') {
      return fail(`${path}.message`, 'message must be a non-empty string');
    }
    if (entry.filter_value !== undefined && typeof entry.filter_value !== 'string') {
      return fail(`${path}.filter_value`, 'filter_value must be a string');
    }
    items.push({ number: entry.number, message: entry.message, filter_value: entry.filter_value });
  }
  return {
    ok: true,
    value: {
      route_type: body.route_type as number | undefined,
      webhook_status_url: (body.webhook_status_url as string | undefined) || undefined,
      arraySms: items,
    },
  };
}

function fail(field: string, description: string): Result {
  return { ok: false, body: smsErrors.invalidRequest(field, description) };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

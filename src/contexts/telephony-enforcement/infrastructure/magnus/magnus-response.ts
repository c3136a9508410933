import {
  MagnusAuthError,
  MagnusNotFoundError,
  MagnusRejectedError,
  MagnusServerError,
  MagnusUnexpectedResponseError,
  MagnusValidationError,
  type MagnusAuthReason,
  type MagnusBodyKind,
  type MagnusError,
} from './magnus-errors';
import type { MagnusRow } from './magnus-records';
import { withoutSecrets } from './magnus-secrets';

export type MagnusVerdict = { ok: true; json: Record<string, unknown> } | { ok: false; error: MagnusError };

/** One `read` page: `{rows, count, sum}` (integrations.md §2.2). */
export interface MagnusReadPage {
  rows: MagnusRow[];
  /** Magnus's match count; `null` when missing or unreadable. */
  count: number | null;
}

/** Plain-text refusals `ApiAccess` answers with `exit()` and HTTP 200 (§2.4). */
const AUTH_TEXTS: Readonly<Record<string, MagnusAuthReason>> = {
  'invalid API access': 'invalid_api_access',
  'invalid IP': 'invalid_ip',
  'invalid API action': 'invalid_api_action',
  'invalid user': 'invalid_user',
};
// `Access denied to canRead in module:user`, `Access denied in module:user`, `Access denied to All action…`
const ACCESS_DENIED = /^Access denied\b/i;
const ONE_AT_A_TIME = /^You only can edit one data per time/i;
const PHP_FATAL = /\b(Fatal error|Parse error)\b\s*:|\bUncaught\s+[A-Z]\w*(Error|Exception)\b/;
// Yii 1.1's debug error page (integrations.md §9), whatever status a proxy puts on it.
const YII_ERROR_PAGE = /<div class="traces">|<h2>Stack Trace<\/h2>|Yii Framework<\/a>/;
const HTML = /^<(!doctype|html|head|body|div|h\d|p|br|b|title)\b/i;
// With display_errors on, PHP 8 prints deprecations and warnings before the JSON; they do not change it.
const PHP_NOTICES =
  /^(?:\s*(?:<br\s*\/?>)?\s*(?:<b>)?(?:Deprecated|Notice|Warning|Strict Standards)(?:<\/b>)?:[\s\S]*?\bon line\s*(?:<b>)?\d+(?:<\/b>)?(?:<br\s*\/?>)?)+\s*/;
// The key (translated to the panel's language) BaseController uses for a missing id.
const NOT_FOUND = /record not found|registro n[ãa]o encontrado/i;
const DETAIL_LIMIT = 200;
/** A refusal text short and plain enough to be Magnus's own words (not a page) is shown as it is. */
const SHORT_TEXT = /^[^<>\r\n]{1,120}$/;

/**
 * Reads an answer: the JSON object of a success, or the error it stands for. Neither the status nor the
 * content type is trusted (Magnus serves JSON as `text/html` and refuses with HTTP 200, §9): the body decides,
 * and the status only where the body cannot (401/403, 5xx).
 */
export function classifyMagnusResponse(status: number, body: string): MagnusVerdict {
  const text = body.trim().replace(PHP_NOTICES, '');
  const fail = (error: MagnusError): MagnusVerdict => ({ ok: false, error });

  const authReason = Object.hasOwn(AUTH_TEXTS, text) ? AUTH_TEXTS[text] : undefined;
  if (authReason) return fail(new MagnusAuthError(authReason, text, status));
  if (ACCESS_DENIED.test(text) && SHORT_TEXT.test(text)) {
    return fail(new MagnusAuthError('access_denied', text, status));
  }
  if (status === 401 || status === 403) {
    return fail(
      new MagnusAuthError('access_denied', SHORT_TEXT.test(text) ? text : `HTTP ${status}`, status),
    );
  }
  if (ONE_AT_A_TIME.test(text)) return fail(new MagnusRejectedError(MAGNUS_ONE_AT_A_TIME, status));
  if (status >= 500) return fail(new MagnusServerError(status, serverBodyKind(text)));

  const json = parseJsonObject(text);
  // Tested only on bodies that are not JSON: a user's description may well contain "Fatal error:".
  if (json === undefined && (PHP_FATAL.test(text) || YII_ERROR_PAGE.test(text))) {
    return fail(new MagnusServerError(status, 'server error page'));
  }
  if (json === undefined) {
    const detail = `a body that is not JSON (${bodyKind(text)})`;
    return fail(
      new MagnusUnexpectedResponseError(status, status === 404 ? `${detail} ${WRONG_URL}` : detail),
    );
  }
  if (json.success === false) return fail(refusal(json, status));
  return { ok: true, json };
}

const MAGNUS_ONE_AT_A_TIME = 'You only can edit one data per time';

/** What a 5xx body was, so the reason can be told without quoting it. */
function serverBodyKind(text: string): MagnusBodyKind {
  if (text === '') return 'empty body';
  return HTML.test(text) || PHP_FATAL.test(text) || YII_ERROR_PAGE.test(text)
    ? 'server error page'
    : 'server error';
}

function bodyKind(text: string): MagnusBodyKind {
  if (text === '') return 'empty body';
  return HTML.test(text) ? 'HTML page' : 'plain text';
}

const WRONG_URL = '(is baseUrl the panel URL, e.g. https://host/mbilling?)';

/** Parses a `read` answer or throws the MagnusError it stands for. Rows leave without secrets. */
export function parseReadResponse(status: number, body: string): MagnusReadPage {
  const json = successObject(status, body);
  if (!('rows' in json) && !('count' in json)) {
    throw new MagnusUnexpectedResponseError(status, 'a read answer without "rows" nor "count"');
  }
  return { rows: rowList(json.rows, status), count: parseCount(json.count) };
}

/** Parses a `save` answer (`{"success":true,"rows":[…],"msg":…}`); the rows are the saved records. */
export function parseSaveResponse(status: number, body: string): MagnusRow[] {
  const json = successObject(status, body);
  if (json.success !== true)
    throw new MagnusUnexpectedResponseError(status, 'a save answer without "success"');
  return rowList(json.rows, status);
}

/** `count` comes from a COUNT() and reaches JSON as a string on most servers, as a number on others. */
export function parseCount(count: unknown): number | null {
  if (typeof count === 'number') return Number.isSafeInteger(count) && count >= 0 ? count : null;
  if (typeof count === 'string' && /^\d{1,15}$/.test(count.trim())) return Number(count.trim());
  return null;
}

function refusal(json: Record<string, unknown>, status: number): MagnusError {
  const { errors, msg } = json;
  const notFound =
    Object.keys(json).some((key) => NOT_FOUND.test(key)) ||
    (typeof msg === 'string' && NOT_FOUND.test(msg)) ||
    (typeof errors === 'string' && NOT_FOUND.test(errors));
  if (notFound) return new MagnusNotFoundError(status);
  const validation = validationErrors(errors);
  if (validation) return new MagnusValidationError(validation, status);
  const message = typeof msg === 'string' ? summary(plainText(msg)) : '';
  return new MagnusRejectedError(message || '(no message)', status);
}

/** `{field: [messages]}` (Yii `getErrors()`), or a bare string; `undefined` when there is nothing usable. */
function validationErrors(errors: unknown): Record<string, string[]> | undefined {
  if (typeof errors === 'string')
    return errors.trim() === '' ? undefined : { _: [summary(plainText(errors))] };
  if (typeof errors !== 'object' || errors === null || Array.isArray(errors)) return undefined;
  const map: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(errors)) {
    const list = (Array.isArray(messages) ? messages : [messages]).map((message) =>
      summary(plainText(typeof message === 'string' ? message : JSON.stringify(message))),
    );
    if (field !== '__proto__') map[field] = list;
  }
  return Object.keys(map).length > 0 ? map : undefined;
}

/**
 * `rows` as a list of secret-free rows. Magnus sends `false` for an empty list (`getAttributesModels`
 * starts from `false`), and PHP turns an array with gaps into an object keyed by index.
 */
function rowList(rows: unknown, status: number): MagnusRow[] {
  if (rows === undefined || rows === null || rows === false) return [];
  const list = Array.isArray(rows) ? rows : isObject(rows) ? Object.values(rows) : undefined;
  if (list === undefined) throw new MagnusUnexpectedResponseError(status, '"rows" is not a list');
  return list.map((row) => {
    if (!isObject(row)) throw new MagnusUnexpectedResponseError(status, 'a row in "rows" is not an object');
    return withoutSecrets(row);
  });
}

function successObject(status: number, body: string): Record<string, unknown> {
  const verdict = classifyMagnusResponse(status, body);
  if (!verdict.ok) throw verdict.error;
  return verdict.json;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const json = JSON.parse(text) as unknown;
    return isObject(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function summary(text: string): string {
  return text.length > DETAIL_LIMIT ? `${text.slice(0, DETAIL_LIMIT)}…` : text;
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

/** Visible text of a PHP error page or an HTML-ish message: tags dropped, common entities decoded. */
export function plainText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#39|[a-z]+);/gi, (entity, name: string) => ENTITIES[name.toLowerCase()] ?? entity)
    .replace(/\s+/g, ' ')
    .trim();
}

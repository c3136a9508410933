import { DomainError } from '../../../../shared/errors/domain-error';

/**
 * Every way an IXC call fails (integrations.md §1.5). `transient` says whether the same request may
 * succeed later; only those are retried. Messages never carry request bodies or credentials.
 *
 * All are `unavailable` for our own API: whatever IXC answered, the caller of Régua sees an upstream that
 * could not serve the request, not a problem with their input.
 */
export abstract class IxcError extends DomainError {
  abstract readonly transient: boolean;

  constructor(
    code: string,
    message: string,
    /** HTTP status, when a response arrived */
    readonly status?: number,
  ) {
    super(code, 'unavailable', message, status === undefined ? undefined : { status });
  }
}

/** Connection refused/reset, DNS failure: the server may be back in a moment. */
export class IxcNetworkError extends IxcError {
  readonly transient = true;

  constructor(readonly causeCode: string | undefined) {
    super('SYNC_IXC.NETWORK', `IXC unreachable${causeCode ? ` (${causeCode})` : ''}`);
  }
}

/** The certificate was refused; retrying cannot fix it (set `verifyTls: false` for self-signed servers). */
export class IxcTlsError extends IxcError {
  readonly transient = false;

  constructor(readonly causeCode: string) {
    super('SYNC_IXC.TLS', `IXC TLS certificate rejected (${causeCode})`);
  }
}

export class IxcTimeoutError extends IxcError {
  readonly transient = true;

  constructor(readonly timeoutMs: number) {
    super('SYNC_IXC.TIMEOUT', `IXC did not answer within ${timeoutMs} ms`);
  }
}

/** 408, 429, 5xx (504 is how IXC says it is overloaded, §1.6) without a recognisable IXC error body. */
export class IxcServerError extends IxcError {
  readonly transient = true;

  constructor(status: number, detail: string) {
    super('SYNC_IXC.SERVER_ERROR', `IXC answered HTTP ${status}${detail ? `: ${detail}` : ''}`, status);
  }
}

/**
 * IXC's red `<div>` page ("Ocorreu um erro ao processar…"), often with HTTP 200. The same page answers
 * overload and malformed requests alike, so it is treated as transient: an overload passes, and a
 * malformed request only costs the bounded retries before it surfaces.
 */
export class IxcHtmlError extends IxcError {
  readonly transient = true;

  constructor(status: number, detail: string) {
    super('SYNC_IXC.HTML_ERROR', `IXC error page: ${detail || '(empty)'}`, status);
  }
}

/** `{"type":"error","message":…}`, typically with HTTP 200: IXC refused the request on purpose. */
export class IxcBusinessError extends IxcError {
  readonly transient = false;

  constructor(
    readonly ixcMessage: string,
    status: number,
    code = 'SYNC_IXC.BUSINESS_ERROR',
  ) {
    super(code, `IXC refused the request: ${ixcMessage || '(no message)'}`, status);
  }
}

/** `Recurso X não está disponível!`: the table/route is misspelt or not enabled for this user. */
export class IxcResourceUnavailableError extends IxcBusinessError {
  constructor(
    readonly resource: string,
    ixcMessage: string,
    status: number,
  ) {
    super(ixcMessage, status, 'SYNC_IXC.RESOURCE_UNAVAILABLE');
  }
}

/** `Seu IP não está liberado…`: our address is missing from the IXC user group's "Redes Permitidas". */
export class IxcIpNotAllowedError extends IxcBusinessError {
  constructor(ixcMessage: string, status: number) {
    super(ixcMessage, status, 'SYNC_IXC.IP_NOT_ALLOWED');
  }
}

/** 401 (bad token, inactive user) or 403 (token of a migrated server). */
export class IxcAuthError extends IxcError {
  readonly transient = false;

  constructor(status: number, detail: string) {
    super(
      'SYNC_IXC.AUTH_REJECTED',
      `IXC rejected the credentials (HTTP ${status})${detail ? `: ${detail}` : ''}`,
      status,
    );
  }
}

/** 404: a list sent without `ixcsoft: listar`, or a route that does not exist. */
export class IxcRouteNotFoundError extends IxcError {
  readonly transient = false;

  constructor(detail: string) {
    super('SYNC_IXC.ROUTE_NOT_FOUND', `IXC route not found (HTTP 404)${detail ? `: ${detail}` : ''}`, 404);
  }
}

/** 400: auth that is not Basic, or an SSL problem on the IXC side. */
export class IxcBadRequestError extends IxcError {
  readonly transient = false;

  constructor(detail: string) {
    super('SYNC_IXC.BAD_REQUEST', `IXC answered HTTP 400${detail ? `: ${detail}` : ''}`, 400);
  }
}

/** Any other status, or a success status with a body that is not what IXC sends. */
export class IxcUnexpectedResponseError extends IxcError {
  readonly transient = false;

  constructor(status: number, detail: string) {
    super('SYNC_IXC.UNEXPECTED_RESPONSE', `Unexpected IXC response (HTTP ${status}): ${detail}`, status);
  }
}

/** The JSON error envelope IXC uses. */
interface IxcErrorEnvelope {
  type: 'error';
  message?: unknown;
}

const DETAIL_LIMIT = 300;
const RESOURCE_UNAVAILABLE = /recurso\s+(\S+)\s+n[ãa]o\s+est[áa]\s+dispon[íi]vel/i;
const IP_NOT_ALLOWED = /\bIP\b.*n[ãa]o\s+est[áa]\s+liberado/i;

export type IxcResponseVerdict = { ok: true; json: Record<string, unknown> } | { ok: false; error: IxcError };

/**
 * Reads an answer: the JSON object of a success, or the error it stands for. The status alone is never
 * trusted: IXC sends business errors and its HTML error page with HTTP 200. The body is parsed once here
 * because list pages are large.
 */
export function classifyIxcResponse(status: number, body: string): IxcResponseVerdict {
  const text = body.trim();
  const json = parseJson(text);
  const detail = () => summary(json === undefined ? pageSummary(text) : jsonMessage(json));
  const fail = (error: IxcError): IxcResponseVerdict => ({ ok: false, error });

  if (status === 401 || status === 403) return fail(new IxcAuthError(status, detail()));
  if (isErrorEnvelope(json)) return fail(businessError(json, status));
  if (status === 404) return fail(new IxcRouteNotFoundError(detail()));
  if (status === 400) return fail(new IxcBadRequestError(detail()));
  const serverSide = status === 408 || status === 429 || status >= 500;
  if (text.startsWith('<') && (serverSide || isSuccess(status)))
    return fail(new IxcHtmlError(status, detail()));
  if (serverSide) return fail(new IxcServerError(status, detail()));
  if (!isSuccess(status)) return fail(new IxcUnexpectedResponseError(status, detail() || '(empty body)'));
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail(new IxcUnexpectedResponseError(status, text === '' ? '(empty body)' : 'not a JSON object'));
  }
  return { ok: true, json: json as Record<string, unknown> };
}

function businessError(envelope: IxcErrorEnvelope, status: number): IxcBusinessError {
  const message = summary(jsonMessage(envelope));
  const resource = RESOURCE_UNAVAILABLE.exec(message);
  if (resource) return new IxcResourceUnavailableError(resource[1].replace(/[!.]+$/, ''), message, status);
  if (IP_NOT_ALLOWED.test(message)) return new IxcIpNotAllowedError(message, status);
  return new IxcBusinessError(message, status);
}

function isErrorEnvelope(json: unknown): json is IxcErrorEnvelope {
  return typeof json === 'object' && json !== null && (json as { type?: unknown }).type === 'error';
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function parseJson(text: string): unknown {
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** IXC's red error page, quoted as IXC words it; anything else is the sentence it starts with. */
const IXC_ERROR_PAGE = /Ocorreu um erro ao processar[^<]{0,120}/i;

/**
 * A body that is not IXC's JSON is described, not quoted: a tenant could aim the integration at an
 * internal service, whose pages must not reach sync runs, logs or the API. IXC's own error page is
 * recognised and named.
 */
function pageSummary(text: string): string {
  if (text === '') return '';
  const ixcPage = IXC_ERROR_PAGE.exec(htmlToText(text));
  if (ixcPage) return ixcPage[0].trim();
  return `a non-JSON answer (${Buffer.byteLength(text)} bytes)`;
}

function jsonMessage(json: unknown): string {
  const message =
    typeof json === 'object' && json !== null ? (json as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? htmlToText(message) : '';
}

function summary(text: string): string {
  return text.length > DETAIL_LIMIT ? `${text.slice(0, DETAIL_LIMIT)}…` : text;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ordm: 'º',
  ordf: 'ª',
  deg: '°',
};
// Portuguese accents: &atilde; &Ccedil; &eacute; … are the letter plus a combining mark, composed by NFC.
const ACCENTS: Record<string, string> = {
  acute: '\u0301',
  grave: '\u0300',
  circ: '\u0302',
  tilde: '\u0303',
  uml: '\u0308',
  cedil: '\u0327',
};

/** Decodes the entities IXC messages use: named (Portuguese accents included) and numeric. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    const named = NAMED_ENTITIES[name.toLowerCase()];
    if (named !== undefined) return named;
    const accent = /^([a-z])(acute|grave|circ|tilde|uml|cedil)$/i.exec(name);
    return accent ? `${accent[1]}${ACCENTS[accent[2].toLowerCase()]}`.normalize('NFC') : entity;
  });
}

/** Visible text of an HTML fragment: tags removed (`<br />` becomes a space), entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  const withoutInvisible = html.replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ');
  return decodeHtmlEntities(withoutInvisible.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/**
 * Edge checks for input that would otherwise crash deeper down: nesting that overflows the stack of
 * the validators, NUL characters that Postgres refuses in text, bodies in a format nobody parses.
 * Each becomes a 4xx problem+json (see problem-details.filter) before any handler runs.
 */

/** Deeper than any body of the API (flows and templates nest a handful of levels). */
export const MAX_JSON_DEPTH = 64;

/** Body types the API parses; any other body on a request is refused, never silently ignored. */
export const PARSED_BODY_TYPES = [
  'application/json',
  'application/*+json',
  'application/x-www-form-urlencoded',
];

/** An error express middleware hands on; the problem filter reads `status`, `type` and `code`. */
export class EdgeInputError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * body-parser `verify` hook: refuses JSON nested deeper than `maxDepth` from the raw bytes, before it
 * is parsed (brackets inside strings do not count).
 */
export function jsonDepthLimit(maxDepth = MAX_JSON_DEPTH) {
  return (_req: IncomingMessage, _res: unknown, body: Buffer): void => {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < body.length; i++) {
      const byte = body[i];
      if (inString) {
        if (byte === 0x5c)
          i++; // backslash: skip the escaped character
        else if (byte === 0x22) inString = false;
      } else if (byte === 0x22) {
        inString = true;
      } else if (byte === 0x5b || byte === 0x7b) {
        depth++;
        if (depth > maxDepth)
          throw new EdgeInputError(
            400,
            'entity.too.deep',
            'HTTP.JSON_TOO_DEEP',
            `JSON bodies may nest at most ${maxDepth} levels`,
          );
      } else if (byte === 0x5d || byte === 0x7d) {
        depth--;
      }
    }
  };
}

function hasNul(value: unknown): boolean {
  // raw bodies (payment webhooks) are checked by their handler, after their signature
  if (Buffer.isBuffer(value)) return false;
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(([key, entry]) => key.includes('\u0000') || hasNul(entry));
  return false;
}

/** Postgres cannot store U+0000 in text: refused in the URL (path or query) and anywhere in the body. */
export function rejectNulCharacters(req: Request, _res: Response, next: NextFunction): void {
  const url = req.originalUrl;
  if (/%00/i.test(url) || url.includes('\u0000') || hasNul(req.body)) {
    next(
      new EdgeInputError(
        400,
        'nul.character',
        'HTTP.NUL_CHARACTER',
        'NUL characters (U+0000) are not accepted',
      ),
    );
    return;
  }
  next();
}

/** A body the parsers did not take (text/plain, XML, …) is refused rather than read as an empty one. */
export function requireParsedBody(req: Request, _res: Response, next: NextFunction): void {
  // `Content-Length: 0` (what clients send for a POST without a body) is no body, whatever its type.
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (hasBody && !req.is(PARSED_BODY_TYPES)) {
    next(
      new EdgeInputError(
        415,
        'media.unsupported',
        'HTTP.UNSUPPORTED_MEDIA_TYPE',
        `Send the body as application/json (got ${req.headers['content-type'] ?? 'no content type'})`,
      ),
    );
    return;
  }
  next();
}

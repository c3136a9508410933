import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, type DomainErrorKind } from '../../shared/errors/domain-error';
import { ExecutionContext } from '../../shared/context/execution-context';
import { EdgeInputError } from './hostile-input';
import { PROBLEM_JSON, problemType, type ProblemDetails } from './problem-details';
import { RequestValidationException } from './validation';

/** The one place where domain error kinds become HTTP statuses. */
const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.UNPROCESSABLE_ENTITY,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Codes for errors raised by the HTTP stack itself rather than by a context. */
const HTTP_CODES: Record<number, string> = {
  400: 'HTTP.BAD_REQUEST',
  401: 'HTTP.UNAUTHORIZED',
  403: 'HTTP.FORBIDDEN',
  404: 'HTTP.NOT_FOUND',
  405: 'HTTP.METHOD_NOT_ALLOWED',
  409: 'HTTP.CONFLICT',
  413: 'HTTP.PAYLOAD_TOO_LARGE',
  415: 'HTTP.UNSUPPORTED_MEDIA_TYPE',
  422: 'HTTP.UNPROCESSABLE',
  429: 'HTTP.TOO_MANY_REQUESTS',
  503: 'HTTP.SERVICE_UNAVAILABLE',
};

/** body-parser and other express middleware signal errors with these fields. */
interface MiddlewareError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message: string;
}

const TITLES: Record<string, string> = {
  'entity.too.large': 'Request body too large',
  'entity.parse.failed': 'Malformed JSON body',
  'encoding.unsupported': 'Unsupported content encoding',
  'charset.unsupported': 'Unsupported charset',
  'entity.too.deep': 'JSON body nested too deeply',
  'nul.character': 'NUL character in the request',
  'media.unsupported': 'Unsupported media type',
};

export function toProblem(exception: unknown, req: Request): ProblemDetails {
  const base = { instance: req.originalUrl, correlationId: ExecutionContext.correlationId() };

  if (exception instanceof DomainError) {
    const status = STATUS_BY_KIND[exception.kind];
    return {
      type: problemType(exception.code),
      title: exception.message,
      status,
      code: exception.code,
      ...base,
      ...(exception.details ?? {}),
    };
  }
  if (exception instanceof RequestValidationException) {
    return {
      type: problemType('HTTP.VALIDATION_FAILED'),
      title: 'Request validation failed',
      status: exception.getStatus(),
      code: 'HTTP.VALIDATION_FAILED',
      detail: exception.fields.map((f) => f.messages.join('; ')).join('; '),
      errors: exception.fields,
      ...base,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = HTTP_CODES[status] ?? (status >= 500 ? 'HTTP.INTERNAL' : 'HTTP.ERROR');
    const body = exception.getResponse();
    const detail = typeof body === 'string' ? body : exception.message;
    return { type: problemType(code), title: titleFor(status), status, code, detail, ...base };
  }
  const mw = exception as MiddlewareError;
  const mwStatus = mw?.status ?? mw?.statusCode;
  if (typeof mwStatus === 'number' && mwStatus >= 400 && mwStatus < 500) {
    const code =
      exception instanceof EdgeInputError
        ? exception.code
        : mw.type === 'entity.parse.failed'
          ? 'HTTP.MALFORMED_JSON'
          : (HTTP_CODES[mwStatus] ?? 'HTTP.ERROR');
    return {
      type: problemType(code),
      title: (mw.type && TITLES[mw.type]) ?? titleFor(mwStatus),
      status: mwStatus,
      code,
      detail: mw.expose === false ? undefined : mw.message,
      ...base,
    };
  }
  return {
    type: problemType('HTTP.INTERNAL'),
    title: 'Internal server error',
    status: 500,
    code: 'HTTP.INTERNAL',
    detail: 'An unexpected error occurred. Quote the correlation id when reporting it.',
    ...base,
  };
}

function titleFor(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  const words = name.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function sendProblem(res: Response, problem: ProblemDetails): void {
  if (res.headersSent) return;
  res.status(problem.status).type(PROBLEM_JSON).send(JSON.stringify(problem));
}

/** Every error leaves as RFC 9457 problem+json; a 500 never carries internals. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const problem = toProblem(exception, req);
    if (problem.status >= 500) {
      this.logger.error({ err: exception, code: problem.code }, 'Unhandled error while serving request');
    }
    sendProblem(res, problem);
  }
}

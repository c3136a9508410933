import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, throwError, type Observable } from 'rxjs';
import { RateLimitedError } from '../access.errors';

/** The problem+json body says when to retry; HTTP clients and proxies read the header. */
export function setRetryAfter(res: Response, error: unknown): void {
  if (error instanceof RateLimitedError && !res.headersSent) {
    res.setHeader('Retry-After', String(error.retryAfterSeconds));
  }
}

/** For routes whose handlers may raise RateLimitedError (guards call `setRetryAfter` themselves). */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        setRetryAfter(res, error);
        return throwError(() => error);
      }),
    );
  }
}

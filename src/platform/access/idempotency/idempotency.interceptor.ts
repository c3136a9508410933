import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, of, type Observable } from 'rxjs';
import { toProblem } from '../../http/problem-details.filter';
import { PROBLEM_JSON } from '../../http/problem-details';
import { AccessMetrics } from '../access-metrics';
import {
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  InvalidIdempotencyKeyError,
} from '../access.errors';
import { principalRef, type AuthenticatedRequest } from '../auth.decorators';
import { IdempotencyStore, type IdempotencyScope } from './idempotency.store';
import { requestFingerprint } from './request-fingerprint';

const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const REPLAYED_HEADER = 'Idempotent-Replayed';
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * A failed first attempt: a 4xx is the request's final answer (it changed nothing and would fail the
 * same way), so it is stored and replayed; a 5xx or a 429 is worth retrying, so the key is released.
 */
function releasesKey(status: number): boolean {
  return status >= 500 || status === 429;
}

/**
 * Behind `@Idempotent()`. A request with `Idempotency-Key` runs once per (tenant, caller, key): the
 * same key with the same method, path and body replays the stored status and body
 * (`Idempotent-Replayed: true`); with a different request → 422; while the first still runs → 409.
 * Requests without the header run normally.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly metrics: AccessMetrics,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & AuthenticatedRequest>();
    const res = http.getResponse<Response>();
    const key = req.headers[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !VALID_KEY.test(key)) throw new InvalidIdempotencyKeyError();
    const principal = req.principal;
    if (!principal) throw new Error('@Idempotent() needs an authenticated route');

    const scope: IdempotencyScope = {
      tenantId: principal.tenantId,
      principal: principalRef(principal),
      key,
    };
    const fingerprint = requestFingerprint(req.method, req.originalUrl.split('?')[0] ?? '', req.body);

    return from(this.store.claim(scope, fingerprint)).pipe(
      concatMap((claim) => {
        switch (claim.kind) {
          case 'reused':
            this.metrics.idempotency('key_reused');
            throw new IdempotencyKeyReusedError();
          case 'in_progress':
            this.metrics.idempotency('in_progress');
            throw new IdempotencyInProgressError();
          case 'replay':
            this.metrics.idempotency('replayed');
            res.status(claim.status).setHeader(REPLAYED_HEADER, 'true');
            if (claim.status >= 400) res.type(PROBLEM_JSON);
            return of(claim.body);
          case 'owned':
            return this.runOnce(scope, next, req, res);
        }
      }),
    );
  }

  private runOnce(
    scope: IdempotencyScope,
    next: CallHandler,
    req: Request,
    res: Response,
  ): Observable<unknown> {
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        await this.store.complete(scope, res.statusCode, body);
        this.metrics.idempotency('executed');
        return body;
      }),
      catchError(async (error: unknown) => {
        const problem = toProblem(error, req);
        if (releasesKey(problem.status)) {
          await this.store.release(scope);
          this.metrics.idempotency('released');
        } else {
          await this.store.complete(scope, problem.status, problem);
          this.metrics.idempotency('executed');
        }
        throw error;
      }),
    );
  }
}

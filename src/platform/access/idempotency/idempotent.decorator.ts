import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * For POST routes that create something: honours the `Idempotency-Key` header (see
 * IdempotencyInterceptor). The route must be authenticated: keys are scoped per tenant and caller.
 */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes the request safe to retry (1–255 visible characters, kept 24 h): the same key and body replay the first response',
    }),
  );

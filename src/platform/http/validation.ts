import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldProblem } from './problem-details';

/** Thrown by the global ValidationPipe; carries field-level problems for the problem+json body. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly fields: FieldProblem[]) {
    super('Request validation failed');
  }
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationException(flatten(errors)),
  });
}

import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDate, IsInt, isISO8601, Max } from 'class-validator';

/** `2025-01-10`, `2025-01-10T08:00`, `2025-01-10T08:00:00.000Z`, `2025-01-10T08:00:00-03:00`. */
const ISO_DATE_OR_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * An integer query parameter: digits only (no `1e3`, `0x10`, ``), within the integers JavaScript
 * and Postgres (bigint) both hold exactly. Anything else stays a string and fails `IsInt`.
 */
export function IntegerQueryParam(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value,
    ),
    IsInt(),
    Max(Number.MAX_SAFE_INTEGER),
  );
}

/**
 * A date query parameter: an ISO 8601 date or date-time only, turned into a Date. `new Date()` alone
 * reads `-1` or `1` as years; those stay strings and fail `IsDate` (400).
 */
export function IsoDateQueryParam(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && ISO_DATE_OR_DATE_TIME.test(value) && isISO8601(value, { strict: true })
        ? new Date(value)
        : value,
    ),
    IsDate({
      message: ({ property }) =>
        `${property} must be an ISO 8601 date or date-time (2025-01-10, 2025-01-10T08:00:00-03:00)`,
    }),
  );
}

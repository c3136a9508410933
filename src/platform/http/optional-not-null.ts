import { ValidateIf } from 'class-validator';

/**
 * Like `IsOptional`, but only for an absent field: `null` is validated (and refused by `IsObject`,
 * `IsArray`, `IsString`, …). `IsOptional` lets `null` through, and a settings PUT then stored a null
 * map or list that later crashed its readers.
 */
export const OptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

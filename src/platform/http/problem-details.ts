import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_JSON = 'application/problem+json';

export class FieldProblem {
  @ApiProperty({ example: 'email' }) field!: string;
  @ApiProperty({ example: ['email must be an email'] }) messages!: string[];
}

/** RFC 9457 problem details. `code` is the stable machine-readable reason (`CONTEXT.REASON`). */
export class ProblemDetails {
  @ApiProperty({ example: 'https://regua.dev/problems/validation' }) type!: string;
  @ApiProperty({ example: 'Request validation failed' }) title!: string;
  @ApiProperty({ example: 422 }) status!: number;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional({ example: '/api/v1/things' }) instance?: string;
  @ApiProperty({ example: 'HTTP.VALIDATION_FAILED' }) code!: string;
  @ApiPropertyOptional({ example: '5f7c…' }) correlationId?: string;
  @ApiPropertyOptional({ type: [FieldProblem] }) errors?: FieldProblem[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://regua.dev/problems/';

export function problemType(code: string): string {
  return TYPE_BASE + code.toLowerCase().replace(/[._]/g, '-');
}

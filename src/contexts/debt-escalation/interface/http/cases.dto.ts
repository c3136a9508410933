import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { OptionalNotNull } from '../../../../platform/http/optional-not-null';
import { PageQuery } from '../../../../platform/http/page-query.dto';
import { CASE_STATES, type CaseState } from '../../domain/collection-case.aggregate';
import {
  DEBT_SOURCES,
  MAX_MIN_AMOUNT_CENTS,
  MAX_THRESHOLD_DAYS,
  type DebtSource,
  type EscalationSettings,
} from '../../domain/escalation-rule';

/** Printable text only: no control characters (NUL included). */
const PRINTABLE = /^[^\p{Cc}]*$/u;

export class CasesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATES })
  @IsOptional()
  @IsIn(CASE_STATES)
  state?: CaseState;

  @ApiPropertyOptional({ description: 'Debtor name, CPF/CNPJ digits, debtor or contract id' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(PRINTABLE)
  q?: string;
}

export class TransitionRequest {
  @ApiProperty({ enum: CASE_STATES, description: 'The state to move to (see the state machine)' })
  @IsIn(CASE_STATES)
  to!: CaseState;

  @ApiPropertyOptional({ description: 'Why, kept in the history' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(1000)
  @Matches(PRINTABLE)
  note?: string;
}

export class AssignRequest {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Who works the case (a user id or name); null unassigns',
  })
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(PRINTABLE)
  assignee!: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MaxLength(1000)
  @Matches(PRINTABLE)
  note?: string;
}

export class EscalationSettingsRequest implements Partial<EscalationSettings> {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_THRESHOLD_DAYS, default: 90 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_THRESHOLD_DAYS)
  thresholdDays?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_MIN_AMOUNT_CENTS, default: 0, description: 'BRL cents' })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_MIN_AMOUNT_CENTS)
  minAmountCents?: number;

  @ApiPropertyOptional({ enum: DEBT_SOURCES, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(DEBT_SOURCES.length)
  @ArrayUnique()
  @IsIn(DEBT_SOURCES, { each: true })
  sources?: DebtSource[];

  @ApiPropertyOptional({ description: 'Alert the collections team on Discord (batched)' })
  @OptionalNotNull()
  @IsBoolean()
  alertDiscord?: boolean;
}

export class EscalationDryRunRequest {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200, description: 'Cases listed at most' })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

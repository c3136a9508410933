import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { PageQuery } from '../../../../platform/http/page-query.dto';
import type { CoveredClinic } from '../../application/ports/clinic-coverage.repository';
import type { DebtorSyncRun } from '../../application/ports/debtor-sync-run.repository';

@ValidatorConstraint({ name: 'nameOrExternalId' })
class NameOrExternalId implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    const body = args.object as RegisterCoverageRequest;
    return (body.name === undefined) !== (body.externalId === undefined);
  }

  defaultMessage(): string {
    return 'give exactly one of name or externalId';
  }
}

export class RegisterCoverageRequest {
  @ApiPropertyOptional({
    description: 'Clinic name as the clinic API knows it (contains; accents and case ignored)',
  })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ description: "The clinic API's idClinica" })
  @IsOptional()
  @Matches(/^[1-9]\d{0,14}$/, { message: 'externalId must be a positive integer id' })
  externalId?: string;

  @Validate(NameOrExternalId)
  private readonly oneOf?: never;
}

export class CoveredClinicView {
  @ApiProperty() id!: string;
  @ApiProperty() externalId!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) corporateName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cnpj!: string | null;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ enum: ['covered', 'paused', 'ended'] }) coverage!: string;
  @ApiPropertyOptional({ nullable: true, type: Date }) lastSyncedAt!: Date | null;
  @ApiProperty() createdAt!: Date;

  static of({ tenantId: _tenant, ...clinic }: CoveredClinic): CoveredClinicView {
    return clinic;
  }
}

export class CoveredClinicsView {
  @ApiProperty({ type: [CoveredClinicView] }) items!: CoveredClinicView[];
}

export class EntityCountsView {
  @ApiProperty() read!: number;
  @ApiProperty() inserted!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ description: 'Rows the clinic API sent malformed, skipped' }) failed!: number;
}

export class RunCountsView {
  @ApiProperty({ type: EntityCountsView }) patients!: EntityCountsView;
  @ApiProperty({ type: EntityCountsView }) contracts!: EntityCountsView;
  @ApiProperty({ type: EntityCountsView }) installments!: EntityCountsView;
  @ApiProperty({ description: 'Events written to the outbox' }) events!: number;
  @ApiProperty() pages!: number;
}

export class DebtorSyncRunView {
  @ApiProperty() id!: string;
  @ApiProperty() clinicId!: string;
  @ApiProperty({ enum: ['initial', 'periodic'] }) kind!: string;
  @ApiProperty({ enum: ['coverage', 'api', 'schedule'] }) trigger!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) status!: string;
  @ApiProperty({ description: 'First due date of the window (yyyy-mm-dd)' }) windowFrom!: string;
  @ApiProperty() windowTo!: string;
  @ApiProperty({ type: RunCountsView }) counts!: RunCountsView;
  @ApiPropertyOptional({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() startedAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiProperty() durationMs!: number;

  static of({ tenantId: _tenant, ...run }: DebtorSyncRun): DebtorSyncRunView {
    return { ...run, durationMs: run.durationMs ?? 0 };
  }
}

export class RegisterCoverageView {
  @ApiProperty({ type: CoveredClinicView }) clinic!: CoveredClinicView;
  @ApiProperty({ description: 'false when the clinic was registered before' }) created!: boolean;
  @ApiPropertyOptional({
    type: DebtorSyncRunView,
    nullable: true,
    description: 'The sync started; null when one was running',
  })
  run!: DebtorSyncRunView | null;
}

export class StartDebtorSyncRequest {
  @ApiPropertyOptional({ description: 'One covered clinic; all covered clinics when absent' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}

export class DebtorSyncRunsView {
  @ApiProperty({ type: [DebtorSyncRunView] }) items!: DebtorSyncRunView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class DebtorSyncRunsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../../../platform/http/page-query.dto';
import { ENFORCEMENT_ACTIONS } from '../../domain/account-state';
import type { EnforcementSettings, EnforcementSettingsPatch } from '../../domain/enforcement-settings';
import type { PauseState } from '../../application/enforcement-state';
import { durationMs, type EnforcementActionRecord, type EnforcementRun } from '../../domain/enforcement-run';
import { OptionalNotNull } from '../../../../platform/http/optional-not-null';

const RUN_STATUSES = ['running', 'completed', 'completed_with_errors', 'held', 'failed'];

const STATE_MAP: { type: 'object'; additionalProperties: { type: string; enum: string[] } } = {
  type: 'object',
  additionalProperties: { type: 'string', enum: ['active', 'blocked', 'inactive'] },
};

export class StartRunRequest {
  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Decide and read Magnus, but write nothing',
  })
  @OptionalNotNull()
  @IsBoolean()
  dryRun: boolean = false;

  @ApiPropertyOptional({ type: [String], description: 'Only these Magnus usernames (default: every user)' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  usernames?: string[];

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Apply even if the safety breaker would hold the run (admin decision after a held run)',
  })
  @OptionalNotNull()
  @IsBoolean()
  force: boolean = false;
}

const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class RunActionsQuery extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Include NoChange decisions' })
  @OptionalNotNull()
  @Transform(toBool)
  @IsBoolean()
  includeNoChange: boolean = false;

  @ApiPropertyOptional({
    enum: ['none', 'pending', 'held', 'applied', 'already_applied', 'dry_run', 'skipped', 'failed'],
  })
  @OptionalNotNull()
  @IsIn(['none', 'pending', 'held', 'applied', 'already_applied', 'dry_run', 'skipped', 'failed'])
  outcome?: EnforcementActionRecord['outcome'];
}

export class ActionCountsView {
  @ApiProperty() no_change!: number;
  @ApiProperty() block!: number;
  @ApiProperty() unblock!: number;
  @ApiProperty() disable!: number;
  @ApiProperty() enable!: number;
}

export class EnforcementActionView {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() magnusUserId!: number;
  @ApiProperty() company!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) contract!: string | null;
  @ApiProperty({ enum: ENFORCEMENT_ACTIONS }) action!: string;
  @ApiProperty({ enum: ['active', 'blocked', 'inactive', 'unknown'] }) from!: string;
  @ApiProperty({ enum: ['active', 'blocked', 'inactive', 'unknown'] }) to!: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Magnus `active` when decided' })
  fromValue!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Magnus `active` the action writes' })
  toValue!: number | null;
  @ApiProperty({ description: 'Stable reason code (in_step, contract_blocked, do_not_block_until, …)' })
  reason!: string;
  @ApiProperty() detail!: string;
  @ApiProperty({
    enum: ['none', 'pending', 'held', 'applied', 'already_applied', 'dry_run', 'skipped', 'failed'],
  })
  outcome!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) error!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) appliedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) reportedAt!: Date | null;

  static of(a: EnforcementActionRecord): EnforcementActionView {
    return {
      id: a.id,
      username: a.username,
      magnusUserId: a.magnusUserId,
      company: a.company,
      contract: a.contractId,
      action: a.action,
      from: a.from,
      to: a.to,
      fromValue: a.fromValue,
      toValue: a.toValue,
      reason: a.reason,
      detail: a.detail,
      outcome: a.outcome,
      error: a.error,
      appliedAt: a.appliedAt,
      reportedAt: a.reportedAt,
    };
  }
}

export class EnforcementRunView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['schedule', 'api', 'event', 'cli'] }) trigger!: string;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() forced!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'usernames or contractIds the run was limited to; {} for a full run',
  })
  scope!: Record<string, unknown>;
  @ApiProperty({
    enum: RUN_STATUSES,
    description:
      'completed_with_errors: some actions failed; failed: the run could not plan, or every action failed',
  })
  status!: string;
  @ApiProperty({ enum: ['listing', 'reading_contracts', 'deciding', 'applying', 'done'] }) phase!: string;
  @ApiProperty({ description: 'Magnus users listed' }) usersListed!: number;
  @ApiProperty({ description: 'Users with a contract reference (decided)' }) accounts!: number;
  @ApiProperty({ type: ActionCountsView, description: 'Decided actions per action' })
  counts!: ActionCountsView;
  @ApiProperty({ description: 'Actions decided to change a line (every action but NoChange)' })
  planned!: number;
  @ApiProperty({ description: 'Actions still being applied' }) pending!: number;
  @ApiProperty({ description: 'Written to Magnus or found already there; always 0 in a dry run' })
  applied!: number;
  @ApiProperty({ description: 'Dry run: actions that would have been written' }) simulated!: number;
  @ApiProperty({ description: 'Actions whose Magnus read or write failed' }) failed!: number;
  @ApiProperty({
    description: 'Not written: the line changed since planning, enforcement was paused, or nothing to write',
  })
  skipped!: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why the safety breaker held it' })
  heldReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() startedAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiProperty() durationMs!: number;

  static of(run: EnforcementRun): EnforcementRunView {
    return {
      id: run.id,
      trigger: run.trigger,
      dryRun: run.dryRun,
      forced: run.forced,
      scope: run.scope as Record<string, unknown>,
      status: run.status,
      phase: run.phase,
      usersListed: run.usersListed,
      accounts: run.accounts,
      counts: run.counts,
      planned: run.planned,
      pending: run.pending,
      applied: run.applied,
      simulated: run.simulated,
      failed: run.failed,
      skipped: run.skipped,
      heldReason: run.heldReason,
      error: run.error,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      durationMs: durationMs(run),
    };
  }
}

export class ActionPage {
  @ApiProperty({ type: [EnforcementActionView] }) items!: EnforcementActionView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class EnforcementRunDetailView extends EnforcementRunView {
  @ApiProperty({ type: ActionPage }) actions!: ActionPage;
}

export class EnforcementRunPage {
  @ApiProperty({ type: [EnforcementRunView] }) items!: EnforcementRunView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class StartedRunView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: RUN_STATUSES }) status!: string;
}

export class PauseStateView implements PauseState {
  @ApiProperty() paused!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) pausedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) pausedBy!: string | null;
  @ApiProperty({ description: 'ENFORCEMENT_KILL_SWITCH: no writes for any tenant' }) killSwitch!: boolean;
}

class BreakerSettingsDto {
  @ApiProperty({ minimum: 0.001, maximum: 1 }) @IsNumber() @Min(0.001) @Max(1) maxShare!: number;
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) maxCount!: number;
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 10_080,
    default: 60,
    description: 'The share limit counts the block/disable actions of every run in this many minutes',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(10_080)
  windowMinutes?: number;
}

export class EnforcementSettingsRequest implements EnforcementSettingsPatch {
  @ApiPropertyOptional({
    ...STATE_MAP,
    description: 'IXC status_internet → active|blocked|inactive (replaces the map)',
  })
  @OptionalNotNull()
  @IsObject()
  internetStatusMap?: EnforcementSettings['internetStatusMap'];

  @ApiPropertyOptional({
    ...STATE_MAP,
    description: 'IXC contract status → active|blocked|inactive (replaces the map)',
  })
  @OptionalNotNull()
  @IsObject()
  contractStatusMap?: EnforcementSettings['contractStatusMap'];

  @ApiPropertyOptional({ type: [Number], description: 'Magnus active values that count as blocked' })
  @OptionalNotNull()
  @IsArray()
  @IsInt({ each: true })
  blockedValues?: number[];

  @ApiPropertyOptional({ enum: [2, 3, 4], description: 'The value Block writes (default 4)' })
  @OptionalNotNull()
  @IsInt()
  blockValue?: number;

  @ApiPropertyOptional({ enum: ['keep', 'block'] })
  @OptionalNotNull()
  @IsIn(['keep', 'block'])
  inactiveWhenBlocked?: 'keep' | 'block';

  @ApiPropertyOptional({ type: [String], description: 'Usernames never touched' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  allowList?: string[];

  @ApiPropertyOptional({ type: BreakerSettingsDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => BreakerSettingsDto)
  breaker?: BreakerSettingsDto;

  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() reportNoChange?: boolean;
}

export class EnforcementSettingsView implements EnforcementSettings {
  @ApiProperty(STATE_MAP) internetStatusMap!: EnforcementSettings['internetStatusMap'];
  @ApiProperty(STATE_MAP) contractStatusMap!: EnforcementSettings['contractStatusMap'];
  @ApiProperty({ type: [Number] }) blockedValues!: number[];
  @ApiProperty() blockValue!: number;
  @ApiProperty({ enum: ['keep', 'block'] }) inactiveWhenBlocked!: 'keep' | 'block';
  @ApiProperty({ type: [String] }) allowList!: string[];
  @ApiProperty({ type: BreakerSettingsDto }) breaker!: EnforcementSettings['breaker'];
  @ApiProperty() reportNoChange!: boolean;
}

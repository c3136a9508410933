import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../../../platform/http/page-query.dto';
import { IntegerQueryParam } from '../../../../platform/http/query-params';

export class ListDebtorsRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'A covered clinic (Régua id)' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  @ApiPropertyOptional({
    type: 'integer',
    default: 1,
    description: 'Debtors with an installment at least this many days past due',
  })
  @IsOptional()
  @IntegerQueryParam()
  @Min(1)
  @Max(36_500)
  minDaysOverdue?: number;

  @ApiPropertyOptional({ description: 'Patient name (contains) or CPF prefix (digits)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class AgingBucketView {
  @ApiProperty({ enum: ['1-30', '31-60', '61-90', '91-180', '181+'] }) bucket!: string;
  @ApiProperty() installments!: number;
  @ApiProperty() openCents!: number;
}

export class DebtorsSummaryView {
  @ApiProperty({ description: 'Open overdue amount in cents' }) openCents!: number;
  @ApiProperty() debtors!: number;
  @ApiProperty() overdueInstallments!: number;
  @ApiProperty({ type: [AgingBucketView] }) aging!: AgingBucketView[];
}

export class DebtorItemView {
  @ApiProperty({ description: "The clinic API's idPaciente" }) id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) cpf!: string | null;
  @ApiProperty() clinicId!: string;
  @ApiProperty() clinicName!: string;
  @ApiProperty() minor!: boolean;
  @ApiProperty() overdueInstallments!: number;
  @ApiProperty() openCents!: number;
  @ApiProperty() oldestDueDate!: string;
  @ApiProperty() daysOverdue!: number;
}

export class DebtorsPageView {
  @ApiProperty({ type: DebtorsSummaryView }) summary!: DebtorsSummaryView;
  @ApiProperty({ type: [DebtorItemView] }) items!: DebtorItemView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class InstallmentView {
  @ApiProperty() id!: string;
  @ApiProperty() number!: number;
  @ApiProperty() dueDate!: string;
  @ApiProperty() amountCents!: number;
  @ApiProperty({ enum: ['open', 'paid', 'cancelled'] }) status!: string;
  @ApiProperty({ description: "The clinic's financial status text" }) rawStatus!: string;
  @ApiProperty() daysOverdue!: number;
}

export class ContractView {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) version!: number | null;
  @ApiProperty({ enum: ['active', 'dunning_disabled'] }) status!: string;
  @ApiProperty() friendlyDunning!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) paymentMethod!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) totalCents!: number | null;
  @ApiProperty({ type: [InstallmentView] }) installments!: InstallmentView[];
}

export class ResponsibleView {
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) phone!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) email!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) relation!: string | null;
}

export class PhonesView {
  @ApiPropertyOptional({ nullable: true, type: String }) mobile!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) home!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) work!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) contact!: string | null;
}

export class DebtorClinicView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() externalId!: string;
  @ApiProperty() coverage!: string;
}

export class ContactHistoryEntryView {
  @ApiProperty({ description: 'ISO 8601' }) at!: string;
  @ApiProperty({ enum: ['email', 'sms', 'whatsapp'] }) channel!: string;
  @ApiProperty({ description: '`sent`, `failed`, `skipped`, `delivered`, `read`, `reply`, …' })
  event!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Why it failed or was skipped (`minor`, `no_consent`, `no_address`, a provider error…)',
  })
  reason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, enum: ['upcoming', 'overdue', 'notification'] })
  type!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) provider!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) scheduleId!: string | null;
}

export class ContactHistoryView {
  @ApiProperty({ type: [ContactHistoryEntryView], description: 'Newest first, at most 50' })
  items!: ContactHistoryEntryView[];
  @ApiProperty() total!: number;
}

export class ClinicDebtorDetailView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) cpf!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) birthDate!: string | null;
  @ApiProperty() minor!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ type: PhonesView }) phones!: PhonesView;
  @ApiPropertyOptional({ nullable: true, type: String }) contactName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: ResponsibleView }) responsible!: ResponsibleView | null;
  @ApiProperty({ type: DebtorClinicView }) clinic!: DebtorClinicView;
  @ApiProperty({ description: 'Open overdue amount in cents' }) openCents!: number;
  @ApiProperty({ type: [ContractView] }) contracts!: ContractView[];
  @ApiProperty({
    type: ContactHistoryView,
    description: "notification-flow's contact history of the patient",
  })
  contactHistory!: ContactHistoryView;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONTACT_STATUSES } from '../../../domain/billing/billing-queue-status';

const QUEUE_STATUSES = [
  'pending',
  'running',
  'paused',
  'paused_business_hours',
  'paused_instance_down',
  'completed',
];

export class BillingQueueDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The campaign id' }) billing_campaign!: string;
  @ApiProperty({ example: 'Billing overdue - 2026-12-03 14:00' }) campaign_name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'fatura-12345' }) external_id!: string | null;
  @ApiProperty({ example: 'overdue' }) template_type!: string;
  @ApiProperty({ enum: QUEUE_STATUSES, example: 'paused_business_hours' }) status!: string;
  @ApiProperty({ example: 500 }) total_contacts!: number;
  @ApiProperty({ example: 120 }) processed_contacts!: number;
  @ApiProperty({ example: 118 }) sent_contacts!: number;
  @ApiProperty({ example: 2 }) failed_contacts!: number;
  @ApiProperty({ example: 0 }) skipped_contacts!: number;
  @ApiProperty({ example: 24 }) progress_percentage!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: Object.fromEntries(CONTACT_STATUSES.map((s) => [s, 0])),
  })
  counts!: Record<string, number>;
  @ApiProperty({
    enum: ['outside_business_hours', 'holiday', 'instance_down', 'throttled'],
    nullable: true,
    example: 'outside_business_hours',
  })
  paused_reason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When sending resumes' })
  next_resume_at!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) scheduled_for!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) started_at!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completed_at!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: string;
}

export class BillingQueueResponse {
  @ApiProperty({ example: true }) success!: boolean;
  @ApiProperty({ type: BillingQueueDto }) queue!: BillingQueueDto;
}

export class CampaignContactDto {
  @ApiProperty({ format: 'uuid' }) contact_id!: string;
  @ApiProperty({ example: '+5511999999999' }) phone!: string;
  @ApiProperty({ example: 'João Silva' }) name!: string;
  @ApiProperty({ enum: CONTACT_STATUSES, example: 'sent' }) status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sent_at!: string | null;
  @ApiProperty({ example: '', description: 'Why it failed or was skipped (e.g. opted_out)' })
  error_message!: string;
  @ApiProperty({ type: String, nullable: true, example: '3EB0A1B2C3D4E5F6A7B8C9' }) message_id!:
    string | null;
  @ApiProperty({ example: 'whatsapp' }) channel!: string;
  @ApiProperty({ example: 1 }) attempts!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) next_attempt_at!: string | null;
}

export class CampaignContactsResponse {
  @ApiProperty({ example: true }) success!: boolean;
  @ApiProperty({ format: 'uuid' }) campaign_id!: string;
  @ApiProperty({ example: 500 }) total!: number;
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 50 }) page_size!: number;
  @ApiProperty({ type: [CampaignContactDto] }) contacts!: CampaignContactDto[];
}

export class BillingCampaignLineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) queue_id!: string;
  @ApiProperty({ type: String, nullable: true }) external_id!: string | null;
  @ApiProperty({ example: 'overdue' }) billing_type!: string;
  @ApiProperty() total_contacts!: number;
  @ApiProperty() sent_contacts!: number;
  @ApiProperty() failed_contacts!: number;
  @ApiProperty() pending_contacts!: number;
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: string;
}

export class BillingCampaignsPageDto {
  @ApiProperty({ type: [BillingCampaignLineDto] }) items!: BillingCampaignLineDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class BillingStatsDto {
  @ApiProperty() total_campaigns!: number;
  @ApiProperty() total_contacts!: number;
  @ApiProperty() sent_contacts!: number;
  @ApiProperty() failed_contacts!: number;
  @ApiProperty() pending_contacts!: number;
  @ApiProperty() skipped_contacts!: number;
  @ApiProperty() cancelled_contacts!: number;
  @ApiProperty({ example: 98.5, description: 'sent / (sent + failed), in %' }) success_rate!: number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' } })
  campaigns_by_type!: Record<string, number>;
}

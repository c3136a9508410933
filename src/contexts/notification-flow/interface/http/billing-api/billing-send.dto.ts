import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { IntegerQueryParam } from '../../../../../platform/http/query-params';
import { BILLING_TYPES, MAX_CONTACTS_PER_REQUEST } from '../../../domain/billing/billing-contact';
import { CONTACT_STATUSES } from '../../../domain/billing/billing-queue-status';

/** One contact as seed 003's ERPs send it (validated row by row by the use case, with per-row errors). */
export class BillingContactInput {
  @ApiProperty({ example: 'João Silva', maxLength: 500 }) nome!: string;
  @ApiProperty({ example: '+5511999999999', description: 'E.164, or a Brazilian national number (gets +55)' })
  telefone!: string;
  @ApiPropertyOptional({
    example: 'R$ 150,00',
    description: 'Required for overdue/upcoming. "R$ 1.234,56", "150,00", "150.00" or a number in reais',
  })
  valor?: string | number;
  @ApiPropertyOptional({
    example: '2025-01-15',
    description: 'Required for overdue/upcoming. YYYY-MM-DD (or DD/MM/YYYY)',
  })
  data_vencimento?: string;
  @ApiPropertyOptional({ example: 'R$ 165,30' }) valor_total?: string | number;
  @ApiPropertyOptional({ example: '00020126580014BR.GOV.BCB.PIX0136…' }) codigo_pix?: string;
  @ApiPropertyOptional({ example: 'https://pagar.exemplo.com.br/fatura/12345' }) link_pagamento?: string;
  @ApiPropertyOptional({ example: 'Manutenção programada', description: 'Required for notification' })
  titulo?: string;
  @ApiPropertyOptional({
    example: 'sua internet ficará indisponível hoje das 2h às 4h.',
    description: 'Required for notification',
  })
  mensagem?: string;
  @ApiPropertyOptional({ example: 'Referente a novembro' }) observacoes?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Kept, not used' })
  metadata?: Record<string, unknown>;
}

export class SendBillingRequest {
  @ApiProperty({ enum: BILLING_TYPES, example: 'overdue', description: 'Must match the route' })
  @IsIn(BILLING_TYPES)
  template_type!: string;

  @ApiProperty({
    type: [BillingContactInput],
    maxItems: MAX_CONTACTS_PER_REQUEST,
    description: `1 to ${MAX_CONTACTS_PER_REQUEST} contacts; all valid, or nothing is created (422 lists the bad rows)`,
    example: [
      {
        nome: 'João Silva',
        telefone: '+5511999999999',
        valor: 'R$ 150,00',
        data_vencimento: '2025-01-15',
        valor_total: 'R$ 150,00',
      },
    ],
  })
  @IsArray()
  @ArrayMaxSize(MAX_CONTACTS_PER_REQUEST)
  @IsObject({ each: true })
  contacts!: Array<Record<string, unknown>>;

  @ApiPropertyOptional({
    example: 'fatura-12345',
    maxLength: 255,
    description: 'Your id for the batch: sent again with the same contacts it creates nothing (same answer)',
  })
  @IsOptional()
  @IsString()
  @Length(0, 255)
  external_id?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: "Accepted for compatibility; the tenant's configured Evolution instance sends",
  })
  @IsOptional()
  @IsUUID()
  instance_id?: string | null;
}

export class SendBillingResponse {
  @ApiProperty({ example: true }) success!: boolean;
  @ApiProperty({ example: 'Campanha criada com sucesso' }) message!: string;
  @ApiProperty({ format: 'uuid' }) campaign_id!: string;
  @ApiProperty({ format: 'uuid' }) queue_id!: string;
  @ApiProperty({ example: 1 }) total_contacts!: number;
  @ApiProperty({ example: 0, description: 'Contacts that opted out: not sent, listed as skipped' })
  skipped_contacts!: number;
  @ApiProperty({ type: String, nullable: true, example: 'fatura-12345' }) external_id!: string | null;
  @ApiProperty({ example: false, description: 'true: an earlier request with this external_id; nothing new' })
  replayed!: boolean;
}

export class CampaignContactsQuery {
  @ApiPropertyOptional({ enum: CONTACT_STATUSES })
  @IsOptional()
  @IsIn(CONTACT_STATUSES)
  status?: (typeof CONTACT_STATUSES)[number];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, default: 1 })
  @IsOptional()
  @IntegerQueryParam()
  @Min(1)
  @Max(1_000_000)
  page = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @IntegerQueryParam()
  @Min(1)
  @Max(100)
  page_size = 50;
}

/** An empty external_id is none (the seed allowed blank). */
export const externalIdOf = (value: string | null | undefined): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

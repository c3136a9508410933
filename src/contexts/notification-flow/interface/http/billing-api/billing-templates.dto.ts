import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsIpOrCidr } from '../../../../../platform/access/interface/http/dto/api-key.dto';
import { BILLING_TYPES } from '../../../domain/billing/billing-contact';
import {
  MAX_BILLING_TEMPLATE_LENGTH,
  MAX_BILLING_VARIATIONS,
} from '../../../domain/billing/billing-template';

export class BillingVariationInput {
  @ApiProperty({ example: 'Variação 1' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({
    example:
      'Olá {{nome_cliente}}, sua fatura de {{valor}} está atrasada há {{dias_atraso}} dias.{{#if link_pagamento}} Pague em {{link_pagamento}}{{/if}}',
  })
  @IsString()
  @Length(1, MAX_BILLING_TEMPLATE_LENGTH)
  template_text!: string;
  @ApiPropertyOptional({ example: 1 }) @IsOptional() @IsInt() @Min(0) @Max(1000) order?: number;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() is_active?: boolean;
}

export class CreateBillingTemplateRequest {
  @ApiProperty({ example: 'Cobrança Atrasada Padrão' }) @IsString() @Length(1, 120) name!: string;
  @ApiProperty({ enum: BILLING_TYPES, example: 'overdue' })
  @IsIn(BILLING_TYPES)
  template_type!: (typeof BILLING_TYPES)[number];
  @ApiPropertyOptional({ example: 'Template para cobranças atrasadas' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() is_active?: boolean;
  @ApiProperty({ type: [BillingVariationInput], minItems: 1, maxItems: MAX_BILLING_VARIATIONS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BILLING_VARIATIONS)
  @ValidateNested({ each: true })
  @Type(() => BillingVariationInput)
  variations!: BillingVariationInput[];
}

export class UpdateBillingTemplateRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 120) name?: string;
  @ApiPropertyOptional({ enum: BILLING_TYPES })
  @IsOptional()
  @IsIn(BILLING_TYPES)
  template_type?: (typeof BILLING_TYPES)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() is_active?: boolean;
  @ApiPropertyOptional({ type: [BillingVariationInput], description: 'Replaces every variation' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BILLING_VARIATIONS)
  @ValidateNested({ each: true })
  @Type(() => BillingVariationInput)
  variations?: BillingVariationInput[];
}

export class BillingVariationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() template_text!: string;
  @ApiProperty() order!: number;
  @ApiProperty() is_active!: boolean;
}

export class BillingTemplateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Cobrança Atrasada Padrão' }) name!: string;
  @ApiProperty({ enum: BILLING_TYPES }) template_type!: string;
  @ApiProperty() description!: string;
  @ApiProperty() is_active!: boolean;
  @ApiProperty() total_uses!: number;
  @ApiProperty({ type: [BillingVariationDto] }) variations!: BillingVariationDto[];
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at!: string;
}

export class CreateBillingApiKeyRequest {
  @ApiProperty({ example: 'ERP Principal' }) @IsString() @Length(1, 100) name!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expires_at?: string;
  @ApiPropertyOptional({ type: [String], example: ['203.0.113.0/24'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsIpOrCidr({ each: true })
  allowed_ips?: string[];
}

export class BillingTemplatePageDto {
  @ApiProperty({ type: [BillingTemplateDto] }) items!: BillingTemplateDto[];
  @ApiProperty() total!: number;
}

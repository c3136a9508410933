import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { CHANNELS, MESSAGE_TYPES, type Channel, type MessageType } from '../../domain/cadence';
import type { MessageTemplate } from '../../application/templates/templates.repository';
import type { TemplatePreview } from '../../domain/templates/template-preview';
import { TEMPLATE_VARIABLES } from '../../domain/templates/template-variables';

const SYNTAX =
  'Handlebars. Variables: ' +
  TEMPLATE_VARIABLES.root.join(', ') +
  '; inside {{#each debts}}: ' +
  TEMPLATE_VARIABLES.eachDebt.join(', ') +
  '. Helpers: {{brl cents}} → "R$ 1.234,56", {{date yyyy-mm-dd}} → "05/11/2026", ' +
  '{{firstName debtor.name}} → "Maria", {{plural n "dia" "dias"}}. Blocks: #if (includeZero=true allowed), ' +
  '#unless, #each debts. Output is always escaped in email HTML ({{{…}}} is refused).';

/** Types only: the number of variations, syntax, variables and the subject rule are checked by the template (422). */
export class CreateTemplateRequest {
  @ApiProperty({ enum: MESSAGE_TYPES })
  @IsIn(MESSAGE_TYPES)
  type!: MessageType;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiPropertyOptional({ maxLength: 100, description: 'Default: the built-in template name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Email only, required there (itself a template)',
    example: '{{company.name}}: fatura em aberto',
  })
  @IsOptional()
  @IsString()
  subject?: string | null;

  @ApiProperty({
    type: [String],
    description: `1 to 5 texts; each schedule gets one (the same on a retry). ${SYNTAX}`,
    example: [
      'Olá {{firstName debtor.name}}, sua fatura de {{brl totalOpenCents}} vence em {{date oldestDueDate}}.',
    ],
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  variations!: string[];
}

export class UpdateTemplateRequest {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Email only' })
  @IsOptional()
  @IsString()
  subject?: string | null;

  @ApiPropertyOptional({ type: [String], description: `1 to 5 texts (replaces them all). ${SYNTAX}` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  variations?: string[];
}

export class PreviewTemplateRequest {
  @ApiPropertyOptional({ type: Number, minimum: 0, default: 0, description: '0-based variation to render' })
  @IsOptional()
  @IsInt()
  @Min(0)
  variation?: number;

  @ApiPropertyOptional({
    type: [String],
    description: 'Unsaved variations to render instead of the stored ones (live preview while editing)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  variations?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Unsaved subject (email)' })
  @IsOptional()
  @IsString()
  subject?: string | null;
}

export class TemplateView {
  @ApiProperty({
    description: 'A uuid for the tenant’s templates; `default:<type>:<channel>` for a built-in one',
    example: 'default:overdue:sms',
  })
  id!: string;
  @ApiProperty({
    description: 'The product default, in use because the tenant has no template for this type × channel',
  })
  builtIn!: boolean;
  @ApiProperty({ enum: MESSAGE_TYPES }) type!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) subject!: string | null;
  @ApiProperty({ type: [String] }) variations!: string[];
  @ApiPropertyOptional({ nullable: true, type: Date }) createdAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) updatedAt!: Date | null;

  static of(t: MessageTemplate): TemplateView {
    return {
      id: t.id,
      builtIn: t.builtIn,
      type: t.type,
      channel: t.channel,
      name: t.name,
      subject: t.subject,
      variations: t.variations,
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
    };
  }
}

export class TemplateList {
  @ApiProperty({
    type: [TemplateView],
    description: 'One per type × channel: the tenant’s own, else the built-in default',
  })
  items!: TemplateView[];
  @ApiProperty() total!: number;
}

export class SmsSegmentsView {
  @ApiProperty({ enum: ['GSM-7', 'UCS-2'] }) encoding!: 'GSM-7' | 'UCS-2';
  @ApiProperty({ description: 'Septets (GSM-7; extension characters count 2) or UTF-16 units (UCS-2)' })
  length!: number;
  @ApiProperty({ description: 'Characters as a reader counts them' }) characters!: number;
  @ApiProperty({ description: 'Parts: GSM-7 160 alone / 153 each; UCS-2 70 alone / 67 each' })
  segments!: number;
}

export class WhatsappLengthView {
  @ApiProperty() length!: number;
  @ApiProperty({ example: 4096 }) limit!: number;
}

export class TemplatePreviewView implements TemplatePreview {
  @ApiPropertyOptional({ description: 'Email only' }) subject?: string;
  @ApiProperty({ description: 'Plain text (never HTML-escaped)' }) text!: string;
  @ApiPropertyOptional({ description: 'Email only: escaped text, newlines as <br>, in an HTML document' })
  html?: string;
  @ApiProperty() variation!: number;
  @ApiPropertyOptional({ type: SmsSegmentsView }) sms?: SmsSegmentsView;
  @ApiPropertyOptional({ type: WhatsappLengthView }) whatsapp?: WhatsappLengthView;
}

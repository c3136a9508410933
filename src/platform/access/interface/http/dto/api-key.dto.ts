import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  buildMessage,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../../api-keys/api-key-scopes';
import type { ApiKeyRecord } from '../../../api-keys/api-key.store';
import { parseIpRule } from '../../../api-keys/ip-allow-list';

export const IsIpOrCidr = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isIpOrCidr',
      validator: {
        validate: (value) => typeof value === 'string' && parseIpRule(value) !== undefined,
        defaultMessage: buildMessage(
          (each) => `${each}$property must hold IP addresses or CIDR blocks (e.g. 203.0.113.7, 10.0.0.0/8)`,
        ),
      },
    },
    options,
  );

export class CreateApiKeyRequest {
  @ApiProperty({ example: 'ERP billing robot', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, example: ['billing:send'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes!: ApiKeyScope[];

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'When the key stops working' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['203.0.113.7', '10.0.0.0/8'],
    description: 'Addresses or CIDR blocks the key may be used from; empty or absent: anywhere',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsIpOrCidr({ each: true })
  allowedIps?: string[];
}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'rg_live_3f9a0c1b2d4e5f60', description: 'Identifies the key; not a secret' })
  prefix!: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: Date | null;
  @ApiProperty({ type: [String] }) allowedIps!: string[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: Date | null;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) status!: 'active' | 'expired' | 'revoked';

  static of(key: ApiKeyRecord, now = new Date()): ApiKeyResponse {
    const status = key.revokedAt ? 'revoked' : key.expiresAt && key.expiresAt <= now ? 'expired' : 'active';
    return {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      scopes: key.scopes,
      expiresAt: key.expiresAt,
      allowedIps: key.allowedIps,
      createdAt: key.createdAt,
      lastUsedAt: key.lastUsedAt,
      revokedAt: key.revokedAt,
      status,
    };
  }
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({
    description: 'The whole key. Shown only in this response: store it now',
    example: 'rg_live_3f9a0c1b2d4e5f60_…',
  })
  secret!: string;
}

export class ApiKeyPage {
  @ApiProperty({ type: [ApiKeyResponse] }) items!: ApiKeyResponse[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;

  /** A page of the store's keys as answered (status as of now). */
  static of(
    { items, total }: { items: Parameters<typeof ApiKeyResponse.of>[0][]; total: number },
    page: { limit: number; offset: number },
  ): ApiKeyPage {
    const now = new Date();
    return {
      items: items.map((key) => ApiKeyResponse.of(key, now)),
      total,
      limit: page.limit,
      offset: page.offset,
    };
  }
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { buildMessage, IsObject, ValidateBy } from 'class-validator';
import { OptionalNotNull } from '../../../../http/optional-not-null';

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_ENTRIES = 50;
const MAX_SECRET_LENGTH = 8192;

const isMapOf = (value: unknown, accepts: (entry: unknown) => boolean): boolean =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.keys(value).length <= MAX_ENTRIES &&
  Object.entries(value).every(([name, entry]) => NAME.test(name) && accepts(entry));

const IsSettingsMap = () =>
  ValidateBy({
    name: 'isSettingsMap',
    validator: {
      validate: (value) =>
        isMapOf(value, (v) => v === null || ['string', 'number', 'boolean'].includes(typeof v)),
      defaultMessage: buildMessage(
        () =>
          `$property must map up to ${MAX_ENTRIES} names (letters, digits, _) to strings, numbers, booleans or null`,
      ),
    },
  });

const IsSecretsMap = () =>
  ValidateBy({
    name: 'isSecretsMap',
    validator: {
      validate: (value) =>
        isMapOf(
          value,
          (v) => v === null || (typeof v === 'string' && v.length > 0 && v.length <= MAX_SECRET_LENGTH),
        ),
      defaultMessage: buildMessage(
        () =>
          `$property must map up to ${MAX_ENTRIES} names (letters, digits, _) to non-empty strings (or null to remove)`,
      ),
    },
  });

export class PutIntegrationRequest {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { baseUrl: 'https://erp.example.com/webservice/v1', user: '7' },
    description: 'Non-secret settings; replace the stored ones when given',
  })
  @OptionalNotNull()
  @IsObject()
  @IsSettingsMap()
  settings?: Record<string, string | number | boolean | null>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    example: { token: '…' },
    description:
      'Secrets to set (null removes one; names not sent are kept). Stored encrypted, never returned',
  })
  @OptionalNotNull()
  @IsObject()
  @IsSecretsMap()
  secrets?: Record<string, string | null>;
}

export class SecretStatusResponse {
  @ApiProperty({ enum: [true] }) set!: true;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}

export class IntegrationResponse {
  @ApiProperty({ example: 'ixc' }) system!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) settings!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/SecretStatusResponse' },
    description: 'Which secrets are set, never their values',
  })
  secrets!: Record<string, SecretStatusResponse>;
}

export class IntegrationList {
  @ApiProperty({ type: [IntegrationResponse] }) items!: IntegrationResponse[];
}

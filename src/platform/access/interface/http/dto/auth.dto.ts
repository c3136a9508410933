import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { API_KEY_SCOPES } from '../../../api-keys/api-key-scopes';
import { MAX_PASSWORD_LENGTH, TENANT_SLUG } from '../../../users/user-input';

export class LoginRequest {
  @ApiProperty({ example: 'admin@demo.regua.local' })
  @IsString()
  @MinLength(3)
  @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiPropertyOptional({ description: 'Tenant slug; required when the email exists in several tenants' })
  @IsOptional()
  @Matches(TENANT_SLUG, { message: 'tenant must be a tenant slug (lowercase letters, digits, dashes)' })
  tenant?: string;
}

export class AccessTokenResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires', example: 900 }) expiresIn!: number;
}

export class PrincipalResponse {
  @ApiProperty({ enum: ['user', 'api_key'] }) kind!: 'user' | 'api_key';
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty({ enum: ['admin', 'operator'] }) role!: 'admin' | 'operator';
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes!: string[];
  @ApiPropertyOptional({ format: 'uuid' }) userId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) apiKeyId?: string;
}

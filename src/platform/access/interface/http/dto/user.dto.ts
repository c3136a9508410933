import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { UserRole } from '../../../auth.decorators';
import type { UserRecord } from '../../../users/user.store';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../../users/user-input';

const ROLES: UserRole[] = ['admin', 'operator'];

export class CreateUserRequest {
  @ApiProperty({ example: 'operator@example.com' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password', minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: UserRole;
}

export class UpdateUserRequest {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ description: 'A disabled user cannot log in, and its sessions end at once' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class SetPasswordRequest {
  @ApiProperty({ format: 'password', minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;
}

export class ChangeOwnPasswordRequest {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  currentPassword!: string;

  @ApiProperty({ format: 'password', minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  newPassword!: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: UserRole;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;

  static of(user: UserRecord): UserResponse {
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      disabled: user.disabledAt !== null,
      createdAt: user.createdAt,
    };
  }
}

export class UserPage {
  @ApiProperty({ type: [UserResponse] }) items!: UserResponse[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

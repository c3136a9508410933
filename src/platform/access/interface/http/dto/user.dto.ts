import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
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

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: UserRole;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;

  static of(user: UserRecord): UserResponse {
    return { id: user.id, email: user.email, role: user.role, createdAt: user.createdAt };
  }
}

export class UserPage {
  @ApiProperty({ type: [UserResponse] }) items!: UserResponse[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

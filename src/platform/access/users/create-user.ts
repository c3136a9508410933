import { Injectable } from '@nestjs/common';
import { UserAlreadyExistsError } from '../access.errors';
import type { UserRole } from '../auth.decorators';
import { hashPassword } from '../password-hasher';
import { checkPassword, normalizeEmail } from './user-input';
import { UserStore, type UserRecord } from './user.store';

/** An admin adds a user to their own tenant. */
@Injectable()
export class CreateUser {
  constructor(private readonly users: UserStore) {}

  async execute(input: {
    tenantId: string;
    email: string;
    password: string;
    role: UserRole;
  }): Promise<UserRecord> {
    const email = normalizeEmail(input.email);
    checkPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    const created = await this.users.insert({
      tenantId: input.tenantId,
      email,
      passwordHash,
      role: input.role,
    });
    if (!created) throw new UserAlreadyExistsError(email, 'this tenant');
    return created;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvalidAdminInputError, UserAlreadyExistsError } from './access.errors';
import { hashPassword } from './password-hasher';
import { Tenants } from './tenants';
import { UserStore } from './users/user.store';
import { checkPassword, normalizeEmail, TENANT_SLUG } from './users/user-input';

export interface CreateAdminInput {
  email: string;
  password: string;
  tenantSlug: string;
  tenantName?: string;
  mode: 'demo' | 'live';
}

/**
 * Creates the tenant when missing and an `admin` user in it. Used by `regua create-admin`, the first
 * admin from ADMIN_EMAIL/ADMIN_PASSWORD and the demo admin.
 */
@Injectable()
export class CreateAdmin {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: Tenants,
    private readonly users: UserStore,
  ) {}

  async execute(input: CreateAdminInput): Promise<{ userId: string; tenantId: string }> {
    const email = normalizeEmail(input.email);
    checkPassword(input.password);
    if (!TENANT_SLUG.test(input.tenantSlug)) {
      throw new InvalidAdminInputError(
        `"${input.tenantSlug}" is not a valid tenant slug (lowercase letters, digits, dashes)`,
      );
    }
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      const tenant = await this.tenants.ensure(
        input.tenantSlug,
        { name: input.tenantName ?? input.tenantSlug, mode: input.mode },
        manager,
      );
      const created = await this.users.insert(
        { tenantId: tenant.id, email, passwordHash, role: 'admin' },
        manager,
      );
      if (!created) throw new UserAlreadyExistsError(email, tenant.slug);
      return { userId: created.id, tenantId: tenant.id };
    });
  }
}

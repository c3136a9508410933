import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { DataSource } from 'typeorm';
import { InvalidAdminInputError, UserAlreadyExistsError } from './access.errors';
import { hashPassword } from './password-hasher';
import { Tenants } from './tenants';

export interface CreateAdminInput {
  email: string;
  password: string;
  tenantSlug: string;
  tenantName?: string;
  mode: 'demo' | 'live';
}

export const MIN_PASSWORD_LENGTH = 12;
const TENANT_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Creates the tenant when missing and an `admin` user in it. Used by `regua create-admin`. */
@Injectable()
export class CreateAdmin {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: Tenants,
  ) {}

  async execute(input: CreateAdminInput): Promise<{ userId: string; tenantId: string }> {
    const email = input.email.trim().toLowerCase();
    if (!isEmail(email)) throw new InvalidAdminInputError(`"${input.email}" is not a valid email address`);
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw new InvalidAdminInputError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
    }
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
      const rows = (await manager.query(
        `INSERT INTO access.users (tenant_id, email, password_hash, role) VALUES ($1, $2, $3, 'admin')
         ON CONFLICT (tenant_id, email) DO NOTHING RETURNING id`,
        [tenant.id, email, passwordHash],
      )) as Array<{ id: string }>;
      const created = rows[0];
      if (!created) throw new UserAlreadyExistsError(email, tenant.slug);
      return { userId: created.id, tenantId: tenant.id };
    });
  }
}

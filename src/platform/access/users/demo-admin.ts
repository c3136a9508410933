import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { UserAlreadyExistsError } from '../access.errors';
import { CreateAdmin } from '../create-admin';
import { UserStore } from './user.store';

const DEMO_ADMIN_EMAIL = 'admin@demo.regua.local';

/** Demo mode's admin: created once with a random password, which only its creator ever sees. */
@Injectable()
export class DemoAdmin {
  constructor(
    private readonly createAdmin: CreateAdmin,
    private readonly users: UserStore,
  ) {}

  /** The credentials when this call created the admin; undefined when it already existed. */
  async ensure(tenantSlug: string): Promise<{ email: string; password: string } | undefined> {
    if (await this.users.existsInTenant(tenantSlug, DEMO_ADMIN_EMAIL)) return undefined;
    const password = randomBytes(12).toString('base64url');
    try {
      await this.createAdmin.execute({ email: DEMO_ADMIN_EMAIL, password, tenantSlug, mode: 'demo' });
    } catch (error) {
      if (error instanceof UserAlreadyExistsError) return undefined;
      throw error;
    }
    return { email: DEMO_ADMIN_EMAIL, password };
  }
}

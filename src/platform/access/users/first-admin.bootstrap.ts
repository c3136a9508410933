import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { UserAlreadyExistsError } from '../access.errors';
import { CreateAdmin } from '../create-admin';
import { normalizeEmail } from './user-input';
import { UserStore } from './user.store';

export const DEFAULT_TENANT_SLUG = 'default';

/**
 * ADMIN_EMAIL + ADMIN_PASSWORD: the first admin, created in tenant `default` when missing. Every
 * start checks; only the first creates (processes racing on it are fine: the loser finds it there).
 */
@Injectable()
export class FirstAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly createAdmin: CreateAdmin,
    private readonly users: UserStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL, ADMIN_PASSWORD } = this.config;
    if (!ADMIN_EMAIL) return;
    if (!ADMIN_PASSWORD) {
      this.logger.warn('ADMIN_EMAIL is set without ADMIN_PASSWORD: no first admin is created');
      return;
    }
    const email = normalizeEmail(ADMIN_EMAIL);
    if (await this.users.existsInTenant(DEFAULT_TENANT_SLUG, email)) return;
    try {
      await this.createAdmin.execute({
        email,
        password: ADMIN_PASSWORD,
        tenantSlug: DEFAULT_TENANT_SLUG,
        tenantName: 'Default',
        mode: this.config.REGUA_MODE,
      });
      this.logger.log(`Created the first admin ${email} in tenant "${DEFAULT_TENANT_SLUG}" (ADMIN_EMAIL)`);
    } catch (error) {
      if (!(error instanceof UserAlreadyExistsError)) throw error;
    }
  }
}

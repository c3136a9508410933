import type { AppConfig } from '../config/load-config';
import { CreateAdmin } from '../platform/access/create-admin';
import { Tenants } from '../platform/access/tenants';
import { UserStore } from '../platform/access/users/user.store';
import { DomainError } from '../shared/errors/domain-error';
import { withDatabase } from './with-database';

export async function createAdminCommand(
  config: AppConfig,
  input: { email: string; password: string; tenant: string; tenantName?: string },
): Promise<void> {
  await withDatabase(config, async (dataSource) => {
    await dataSource.runMigrations({ transaction: 'each' });
    const useCase = new CreateAdmin(dataSource, new Tenants(dataSource), new UserStore(dataSource));
    try {
      const { userId } = await useCase.execute({
        email: input.email,
        password: input.password,
        tenantSlug: input.tenant,
        tenantName: input.tenantName,
        mode: config.REGUA_MODE,
      });
      console.log(`Created admin ${input.email.toLowerCase()} (id ${userId}) in tenant "${input.tenant}".`);
    } catch (error) {
      if (error instanceof DomainError) {
        console.error(`${error.code}: ${error.message}`);
        process.exitCode = 1;
        return;
      }
      throw error;
    }
  });
}

import type { AppConfig } from '../config/load-config';
import { CreateAdmin } from '../platform/access/create-admin';
import { Tenants } from '../platform/access/tenants';
import { UserStore } from '../platform/access/users/user.store';
import { DomainError } from '../shared/errors/domain-error';
import { withDatabaseOrRunningApp } from './running-app';

export async function createAdminCommand(
  config: AppConfig,
  input: { email: string; password: string; tenant: string; tenantName?: string },
): Promise<void> {
  const admin = {
    email: input.email,
    password: input.password,
    tenantSlug: input.tenant,
    tenantName: input.tenantName,
  };
  try {
    const { userId } = await withDatabaseOrRunningApp(
      config,
      async (dataSource) => {
        await dataSource.runMigrations({ transaction: 'each' });
        const useCase = new CreateAdmin(dataSource, new Tenants(dataSource), new UserStore(dataSource));
        return useCase.execute({ ...admin, mode: config.REGUA_MODE });
      },
      async (ask) => (await ask('create-admin', admin)) as { userId: string },
    );
    console.log(`Created admin ${input.email.toLowerCase()} (id ${userId}) in tenant "${input.tenant}".`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(`${error.code}: ${error.message}`);
    process.exitCode = 1;
  }
}

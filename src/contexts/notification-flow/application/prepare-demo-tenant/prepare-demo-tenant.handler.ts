import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TenantSettingsRepository } from '../ports/tenant-settings.repository';
import { PrepareDemoTenantCommand } from './prepare-demo-tenant.command';

const ALWAYS = { open: '00:00', close: '23:59' };

@CommandHandler(PrepareDemoTenantCommand)
export class PrepareDemoTenantHandler implements ICommandHandler<PrepareDemoTenantCommand, boolean> {
  constructor(private readonly settings: TenantSettingsRepository) {}

  execute({ tenantId, timeZone }: PrepareDemoTenantCommand): Promise<boolean> {
    return this.settings.saveIfMissing(tenantId, {
      businessHours: { timeZone, week: Array(7).fill(ALWAYS) },
    });
  }
}

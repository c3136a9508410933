import { Command } from '@nestjs/cqrs';

/**
 * Demo mode, a tenant whose Evolution API is simulated: contact hours every day at any hour (written
 * once, as ordinary settings an operator can change, and only when the tenant saved none), so a fresh
 * clone shows messages going out on a Sunday night too. Resolves to whether it wrote them.
 */
export class PrepareDemoTenantCommand extends Command<boolean> {
  constructor(
    readonly tenantId: string,
    readonly timeZone: string,
  ) {
    super();
  }
}

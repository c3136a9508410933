import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG } from '../../../../config/config.module';
import type { AppConfig } from '../../../../config/load-config';
import { Tenants } from '../../../../platform/access/tenants';
import { CronSchedules } from '../../../../platform/scheduling/cron-schedules';
import { EscalateOverdueDebtsCommand } from '../../application/escalate-overdue-debts/escalate-overdue-debts.command';
import { LinkCasesToCrmCommand } from '../../application/link-cases-to-crm/link-cases-to-crm.command';
import { SendCaseAlertsCommand } from '../../application/send-case-alerts/send-case-alerts.command';

/** Sources a tenant may have debts in (a tenant with none of them has nothing to escalate). */
const SOURCE_SYSTEMS = ['ixc', 'clinic'];

/**
 * ESCALATION_CRON (daily): the escalation job for every tenant with a debt source. ESCALATION_CRM_CRON
 * (every 20 s): new cases linked to the tenant's Pipedrive. ESCALATION_ALERTS_CRON (every minute): new cases
 * posted to the collections team's Discord, ten per message. All under a lease: one scheduler at a time.
 */
@Injectable()
export class EscalationCron implements OnApplicationBootstrap {
  private readonly logger = new Logger('EscalationCron');

  constructor(
    private readonly schedules: CronSchedules,
    private readonly tenants: Tenants,
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedules.add('debt-escalation.escalate', this.config.ESCALATION_CRON, () => this.escalateAll(), {
      ttlMs: 600_000,
    });
    this.schedules.add('debt-escalation.crm-links', this.config.ESCALATION_CRM_CRON, () => this.linkAll());
    this.schedules.add('debt-escalation.alerts', this.config.ESCALATION_ALERTS_CRON, () => this.alertAll());
  }

  async alertAll(): Promise<void> {
    for (const tenant of await this.tenants.withIntegration('discord')) {
      try {
        await this.commands.execute(new SendCaseAlertsCommand(tenant.id));
      } catch (error) {
        this.logger.warn({ err: error, tenant: tenant.slug }, 'Collections alerts failed for a tenant');
      }
    }
  }

  async escalateAll(): Promise<void> {
    const seen = new Set<string>();
    for (const system of SOURCE_SYSTEMS) {
      for (const tenant of await this.tenants.withIntegration(system)) {
        if (seen.has(tenant.id)) continue;
        seen.add(tenant.id);
        try {
          const result = await this.commands.execute(new EscalateOverdueDebtsCommand(tenant.id));
          if (result.opened > 0 || result.joined > 0)
            this.logger.log({ tenant: tenant.slug, ...result }, 'Debts escalated');
        } catch (error) {
          this.logger.warn({ err: error, tenant: tenant.slug }, 'Escalation job failed for a tenant');
        }
      }
    }
  }

  async linkAll(): Promise<void> {
    for (const tenant of await this.tenants.withIntegration('pipedrive')) {
      try {
        await this.commands.execute(new LinkCasesToCrmCommand(tenant.id));
      } catch (error) {
        this.logger.warn({ err: error, tenant: tenant.slug }, 'CRM linking failed for a tenant');
      }
    }
  }
}

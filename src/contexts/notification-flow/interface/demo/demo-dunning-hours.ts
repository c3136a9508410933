import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Tenants } from '../../../../platform/access/tenants';

const ALWAYS = { open: '00:00', close: '23:59' };
const LOOK_EVERY_MS = 5000;
const LOOKS = 24;

/**
 * Demo mode only: the simulated tenant may be contacted at any hour, so a fresh clone shows messages
 * going out on a Sunday night too. Written once, as ordinary settings an operator can change
 * (`PUT /api/v1/notifications/settings`) to watch messages being deferred.
 */
@Injectable()
export class DemoDunningHours implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationDemo');
  private timer: NodeJS.Timeout | undefined;
  private looks = 0;

  constructor(
    private readonly tenants: Tenants,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.look(), LOOK_EVERY_MS).unref();
    void this.look();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async look(): Promise<void> {
    this.looks += 1;
    if (this.looks >= LOOKS) clearInterval(this.timer);
    try {
      for (const tenant of await this.tenants.withIntegration('evolution')) {
        const integrations = await this.tenants.integrations(tenant.id);
        const evolution = integrations.evolution as { simulated?: boolean } | undefined;
        if (!evolution?.simulated) continue;
        const [inserted] = (await this.dataSource.query(
          `INSERT INTO notification_flow.tenant_settings (tenant_id, settings) VALUES ($1, $2)
           ON CONFLICT (tenant_id) DO NOTHING RETURNING tenant_id`,
          [
            tenant.id,
            JSON.stringify({ businessHours: { timeZone: tenant.timeZone, week: Array(7).fill(ALWAYS) } }),
          ],
        )) as Array<{ tenant_id: string }>;
        if (inserted) {
          this.logger.log({ tenant: tenant.slug }, 'Demo tenant: dunning messages may go out at any hour');
          clearInterval(this.timer);
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'Demo dunning hours not set yet');
    }
  }
}

import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { ListCoveredClinicsQuery } from '../../application/list-covered-clinics/list-covered-clinics.query';
import type { CoveredClinic } from '../../application/ports/clinic-coverage.repository';
import { RegisterCoverageCommand } from '../../application/register-coverage/register-coverage.command';

/** The simulated clinics a fresh demo covers (names of the clinic simulator's seed). */
export const DEMO_CLINICS = ['Oralsin Jardins', 'Oralsin Boa Viagem'];
const LOOK_EVERY_MS = 2000;
const LOOKS = 30;

/**
 * Demo mode only: each tenant whose clinic API is simulated and covers no clinic yet gets two clinics covered
 * (which starts their initial sync, and so their cadence). Retried for a while: the demo tenant and its
 * integrations may not be set up yet when this starts.
 */
@Injectable()
export class DemoCoverageSetup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DebtorSyncDemo');
  private timer: NodeJS.Timeout | undefined;
  private looks = 0;
  private running = false;

  constructor(
    private readonly tenants: Tenants,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.look(), LOOK_EVERY_MS).unref();
    void this.look();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async look(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.looks += 1;
    if (this.looks >= LOOKS) clearInterval(this.timer);
    try {
      let done = 0;
      const tenants = await this.tenants.withIntegration('clinic');
      for (const tenant of tenants) {
        const clinic = (await this.tenants.integrations(tenant.id)).clinic as
          { simulated?: boolean } | undefined;
        if (!clinic?.simulated) continue;
        const covered: CoveredClinic[] = await this.queries.execute(new ListCoveredClinicsQuery(tenant.id));
        if (covered.length === 0) {
          for (const name of DEMO_CLINICS)
            await this.commands.execute(new RegisterCoverageCommand(tenant.id, { name }));
          this.logger.log(`Demo tenant "${tenant.slug}" covers ${DEMO_CLINICS.join(' and ')}`);
        }
        done += 1;
      }
      if (tenants.length > 0 && done === tenants.length) clearInterval(this.timer);
    } catch (error) {
      this.logger.warn({ err: error }, 'Demo clinic coverage not set up yet');
    } finally {
      this.running = false;
    }
  }
}

import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationMetrics } from '../notification-metrics';
import { TenantSettingsRepository, type WhatsappPauseState } from '../ports/tenant-settings.repository';

export type { WhatsappPauseState } from '../ports/tenant-settings.repository';

/**
 * A tenant's WhatsApp pause (set by the channel worker when the instance is not `open`) and how it ends:
 * lifting it brings the schedules it held back to now, so the next dispatch pass sends them — nothing
 * else would, since a paused channel gets no message queued.
 */
@Injectable()
export class WhatsappPause {
  private readonly logger = new Logger('NotificationWorker');

  constructor(
    private readonly settings: TenantSettingsRepository,
    private readonly metrics: NotificationMetrics,
  ) {}

  /** Pauses the tenant's WhatsApp (kept paused, with the new reason, when it already was). */
  async pause(tx: EntityManager, tenantId: string, reason: string): Promise<void> {
    const before = await this.settings.whatsappPause(tenantId, tx);
    await this.settings.setWhatsappPause(tenantId, reason, tx);
    if (!before) {
      this.metrics.channelPaused.inc({ channel: 'whatsapp' });
      this.logger.error(
        { tenantId, reason },
        'WhatsApp paused for the tenant: messages are deferred, not sent',
      );
    }
  }

  pausedTenants(): Promise<string[]> {
    return this.settings.pausedTenants();
  }

  state(tenantId: string, manager?: EntityManager): Promise<WhatsappPauseState | null> {
    return this.settings.whatsappPause(tenantId, manager);
  }

  /** Schedules waiting for the pause to end. */
  held(tenantId: string, manager?: EntityManager): Promise<number> {
    return this.settings.heldByPause(tenantId, manager);
  }

  /**
   * Ends the pause (if any) and makes what it held back due now. `was` is the pause that ended, null
   * when the channel was not paused (held schedules are released all the same).
   */
  async lift(
    tx: EntityManager,
    tenantId: string,
  ): Promise<{ was: WhatsappPauseState | null; released: number }> {
    const was = await this.settings.lockWhatsappPause(tx, tenantId);
    if (was) await this.settings.setWhatsappPause(tenantId, null, tx);
    return { was, released: await this.settings.releaseHeldByPause(tx, tenantId) };
  }
}

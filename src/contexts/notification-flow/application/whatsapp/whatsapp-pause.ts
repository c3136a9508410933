import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationMetrics } from '../notification-metrics';
import { NotificationSettingsStore } from '../settings/notification-settings';

/**
 * Why a WhatsApp schedule waits for the pause to end: the dispatcher's `whatsapp_paused`, or the code
 * of the `unavailable` failure a worker got from Evolution (`WHATSAPP_*`) or from a half-configured
 * integration.
 */
const HELD_BY_PAUSE = `(status_reason = 'whatsapp_paused' OR status_reason LIKE 'WHATSAPP\\_%'
                       OR status_reason = 'NOTIFICATION_FLOW.PROVIDER_NOT_CONFIGURED')`;

export interface WhatsappPauseState {
  since: Date;
  reason: string;
}

/**
 * A tenant's WhatsApp pause (set by the channel worker when the instance is not `open`) and how it ends:
 * lifting it brings the schedules it held back to now, so the next dispatch pass sends them — nothing
 * else would, since a paused channel gets no message queued.
 */
@Injectable()
export class WhatsappPause {
  private readonly logger = new Logger('NotificationWorker');

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: NotificationSettingsStore,
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

  async pausedTenants(): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT tenant_id FROM notification_flow.tenant_settings WHERE whatsapp_paused_at IS NOT NULL
        ORDER BY whatsapp_paused_at`,
    )) as Array<{ tenant_id: string }>;
    return rows.map((r) => r.tenant_id);
  }

  state(tenantId: string, manager?: EntityManager): Promise<WhatsappPauseState | null> {
    return this.settings.whatsappPause(tenantId, manager);
  }

  /** Schedules waiting for the pause to end. */
  async held(tenantId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS n FROM notification_flow.schedules
        WHERE tenant_id = $1 AND channel = 'whatsapp' AND status = 'deferred' AND ${HELD_BY_PAUSE}`,
      [tenantId],
    )) as Array<{ n: number }>;
    return row!.n;
  }

  /**
   * Ends the pause (if any) and makes what it held back due now. `was` is the pause that ended, null
   * when the channel was not paused (held schedules are released all the same).
   */
  async lift(
    tx: EntityManager,
    tenantId: string,
  ): Promise<{ was: WhatsappPauseState | null; released: number }> {
    const [locked] = (await tx.query(
      `SELECT whatsapp_paused_at, whatsapp_pause_reason FROM notification_flow.tenant_settings
        WHERE tenant_id = $1 FOR UPDATE`,
      [tenantId],
    )) as Array<{ whatsapp_paused_at: Date | null; whatsapp_pause_reason: string | null }>;
    const was = locked?.whatsapp_paused_at
      ? { since: locked.whatsapp_paused_at, reason: locked.whatsapp_pause_reason ?? '' }
      : null;
    if (was) await this.settings.setWhatsappPause(tenantId, null, tx);
    const [released] = (await tx.query(
      `UPDATE notification_flow.schedules SET due_at = least(due_at, now()), updated_at = now()
        WHERE tenant_id = $1 AND channel = 'whatsapp' AND status = 'deferred' AND ${HELD_BY_PAUSE}
        RETURNING id`,
      [tenantId],
    )) as [unknown[], number];
    return { was, released: released.length };
  }
}

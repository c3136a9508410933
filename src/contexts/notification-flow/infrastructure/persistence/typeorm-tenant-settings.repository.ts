import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  TenantSettingsRepository,
  type WhatsappPauseState,
} from '../../application/ports/tenant-settings.repository';
import type { StoredSettings } from '../../domain/notification-settings';

/**
 * Why a WhatsApp schedule waits for the pause to end: the dispatcher's `whatsapp_paused`, or the code
 * of the `unavailable` failure a worker got from Evolution (`WHATSAPP_*`) or from a half-configured
 * integration.
 */
const HELD_BY_PAUSE = `(status_reason = 'whatsapp_paused' OR status_reason LIKE 'WHATSAPP\\_%'
                       OR status_reason = 'NOTIFICATION_FLOW.PROVIDER_NOT_CONFIGURED')`;

interface PauseRow {
  whatsapp_paused_at: Date | null;
  whatsapp_pause_reason: string | null;
}

const pauseOf = (row: PauseRow | undefined): WhatsappPauseState | null =>
  row?.whatsapp_paused_at ? { since: row.whatsapp_paused_at, reason: row.whatsapp_pause_reason ?? '' } : null;

@Injectable()
export class TypeormTenantSettingsRepository extends TenantSettingsRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async stored(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredSettings | null> {
    const [row] = (await manager.query(
      `SELECT settings FROM notification_flow.tenant_settings WHERE tenant_id = $1`,
      [tenantId],
    )) as Array<{ settings: StoredSettings | null }>;
    return row?.settings ?? null;
  }

  async lockStored(tx: EntityManager, tenantId: string): Promise<StoredSettings | null> {
    const [row] = (await tx.query(
      `SELECT settings FROM notification_flow.tenant_settings WHERE tenant_id = $1 FOR UPDATE`,
      [tenantId],
    )) as Array<{ settings: StoredSettings | null }>;
    return row?.settings ?? null;
  }

  async save(tx: EntityManager, tenantId: string, stored: StoredSettings): Promise<void> {
    await tx.query(
      `INSERT INTO notification_flow.tenant_settings (tenant_id, settings) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
      [tenantId, JSON.stringify(stored)],
    );
  }

  async saveIfMissing(tenantId: string, stored: StoredSettings): Promise<boolean> {
    const inserted = (await this.dataSource.query(
      `INSERT INTO notification_flow.tenant_settings (tenant_id, settings) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO NOTHING RETURNING tenant_id`,
      [tenantId, JSON.stringify(stored)],
    )) as unknown[];
    return inserted.length > 0;
  }

  async whatsappPause(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<WhatsappPauseState | null> {
    const [row] = (await manager.query(
      `SELECT whatsapp_paused_at, whatsapp_pause_reason FROM notification_flow.tenant_settings WHERE tenant_id = $1`,
      [tenantId],
    )) as PauseRow[];
    return pauseOf(row);
  }

  async lockWhatsappPause(tx: EntityManager, tenantId: string): Promise<WhatsappPauseState | null> {
    const [row] = (await tx.query(
      `SELECT whatsapp_paused_at, whatsapp_pause_reason FROM notification_flow.tenant_settings
        WHERE tenant_id = $1 FOR UPDATE`,
      [tenantId],
    )) as PauseRow[];
    return pauseOf(row);
  }

  async setWhatsappPause(tenantId: string, reason: string | null, manager: EntityManager): Promise<void> {
    if (reason === null) {
      // Lifting writes only when paused: every WhatsApp batch lifts it for each open instance, and an
      // upsert would write (and lock) the tenant's settings row each time.
      await manager.query(
        `UPDATE notification_flow.tenant_settings
            SET whatsapp_paused_at = NULL, whatsapp_pause_reason = NULL, updated_at = now()
          WHERE tenant_id = $1 AND (whatsapp_paused_at IS NOT NULL OR whatsapp_pause_reason IS NOT NULL)`,
        [tenantId],
      );
      return;
    }
    await manager.query(
      `INSERT INTO notification_flow.tenant_settings (tenant_id, whatsapp_paused_at, whatsapp_pause_reason)
       VALUES ($1, CASE WHEN $2::text IS NULL THEN NULL ELSE now() END, $2)
       ON CONFLICT (tenant_id) DO UPDATE
         SET whatsapp_paused_at = CASE WHEN $2::text IS NULL THEN NULL
                                       ELSE COALESCE(tenant_settings.whatsapp_paused_at, now()) END,
             whatsapp_pause_reason = $2, updated_at = now()`,
      [tenantId, reason],
    );
  }

  async pausedTenants(): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT tenant_id FROM notification_flow.tenant_settings WHERE whatsapp_paused_at IS NOT NULL
        ORDER BY whatsapp_paused_at`,
    )) as Array<{ tenant_id: string }>;
    return rows.map((r) => r.tenant_id);
  }

  async heldByPause(tenantId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS n FROM notification_flow.schedules
        WHERE tenant_id = $1 AND channel = 'whatsapp' AND status = 'deferred' AND ${HELD_BY_PAUSE}`,
      [tenantId],
    )) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  async releaseHeldByPause(tx: EntityManager, tenantId: string): Promise<number> {
    const [released] = (await tx.query(
      `UPDATE notification_flow.schedules SET due_at = least(due_at, now()), updated_at = now()
        WHERE tenant_id = $1 AND channel = 'whatsapp' AND status = 'deferred' AND ${HELD_BY_PAUSE}
        RETURNING id`,
      [tenantId],
    )) as [unknown[], number];
    return released.length;
  }
}

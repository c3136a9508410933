import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EnforcementSettings, EnforcementSettingsPatch } from '../../domain/enforcement-settings';
import {
  EnforcementStateRepository,
  type StoredPause,
} from '../../application/ports/enforcement-state.repository';

/** `telephony_enforcement.tenant_state`: one row per tenant, created by its first save. */
@Injectable()
export class TypeormEnforcementStateRepository extends EnforcementStateRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async settings(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EnforcementSettingsPatch | undefined> {
    const [row] = (await manager.query(
      `SELECT settings FROM telephony_enforcement.tenant_state WHERE tenant_id = $1`,
      [tenantId],
    )) as Array<{ settings: EnforcementSettingsPatch }>;
    return row?.settings;
  }

  async saveSettings(tenantId: string, settings: EnforcementSettings): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO telephony_enforcement.tenant_state (tenant_id, settings) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
      [tenantId, JSON.stringify(settings)],
    );
  }

  async pause(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredPause | undefined> {
    const [row] = (await manager.query(
      `SELECT paused, paused_at, paused_by FROM telephony_enforcement.tenant_state WHERE tenant_id = $1`,
      [tenantId],
    )) as Array<{ paused: boolean; paused_at: Date | null; paused_by: string | null }>;
    return row ? { paused: row.paused, pausedAt: row.paused_at, pausedBy: row.paused_by } : undefined;
  }

  async savePause(tenantId: string, paused: boolean, by: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO telephony_enforcement.tenant_state (tenant_id, paused, paused_at, paused_by)
       VALUES ($1, $2, CASE WHEN $2 THEN now() END, CASE WHEN $2 THEN $3 END)
       ON CONFLICT (tenant_id) DO UPDATE SET paused = EXCLUDED.paused, paused_at = EXCLUDED.paused_at,
              paused_by = EXCLUDED.paused_by, updated_at = now()`,
      [tenantId, paused, by],
    );
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import {
  DEFAULT_ENFORCEMENT_SETTINGS,
  mergeEnforcementSettings,
  type EnforcementSettings,
  type EnforcementSettingsPatch,
} from '../domain/enforcement-settings';
import { InvalidEnforcementSettingsError } from '../telephony-enforcement.errors';

export interface PauseState {
  paused: boolean;
  pausedAt: string | null;
  pausedBy: string | null;
  /** ENFORCEMENT_KILL_SWITCH: no Magnus write for any tenant */
  killSwitch: boolean;
}

/** Per-tenant enforcement rules and the pause switch (`telephony_enforcement.tenant_state`). */
@Injectable()
export class EnforcementState {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async settings(
    tenantId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EnforcementSettings> {
    const [row] = (await manager.query(
      `SELECT settings FROM telephony_enforcement.tenant_state WHERE tenant_id = $1`,
      [tenantId],
    )) as Array<{ settings: EnforcementSettingsPatch }>;
    // Stored settings were validated when saved; merging keeps defaults for fields added later.
    return mergeEnforcementSettings(DEFAULT_ENFORCEMENT_SETTINGS, row?.settings ?? {}).settings;
  }

  /** Validates the merged result as a whole; nothing is saved when any field is wrong. */
  async updateSettings(tenantId: string, patch: EnforcementSettingsPatch): Promise<EnforcementSettings> {
    const { settings, problems } = mergeEnforcementSettings(await this.settings(tenantId), patch);
    if (problems.length > 0) throw new InvalidEnforcementSettingsError(problems);
    await this.dataSource.query(
      `INSERT INTO telephony_enforcement.tenant_state (tenant_id, settings) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
      [tenantId, JSON.stringify(settings)],
    );
    return settings;
  }

  async pauseState(tenantId: string, manager: EntityManager = this.dataSource.manager): Promise<PauseState> {
    const [row] = (await manager.query(
      `SELECT paused, paused_at, paused_by FROM telephony_enforcement.tenant_state WHERE tenant_id = $1`,
      [tenantId],
    )) as Array<{ paused: boolean; paused_at: Date | null; paused_by: string | null }>;
    return {
      paused: row?.paused ?? false,
      pausedAt: row?.paused_at ? row.paused_at.toISOString() : null,
      pausedBy: row?.paused_by ?? null,
      killSwitch: this.config.ENFORCEMENT_KILL_SWITCH,
    };
  }

  /** Whether Magnus may be written for this tenant now (neither paused nor globally switched off). */
  async writesAllowed(tenantId: string, manager?: EntityManager): Promise<'yes' | 'paused' | 'kill_switch'> {
    if (this.config.ENFORCEMENT_KILL_SWITCH) return 'kill_switch';
    return (await this.pauseState(tenantId, manager)).paused ? 'paused' : 'yes';
  }

  async setPaused(tenantId: string, paused: boolean, by: string): Promise<PauseState> {
    await this.dataSource.query(
      `INSERT INTO telephony_enforcement.tenant_state (tenant_id, paused, paused_at, paused_by)
       VALUES ($1, $2, CASE WHEN $2 THEN now() END, CASE WHEN $2 THEN $3 END)
       ON CONFLICT (tenant_id) DO UPDATE SET paused = EXCLUDED.paused, paused_at = EXCLUDED.paused_at,
              paused_by = EXCLUDED.paused_by, updated_at = now()`,
      [tenantId, paused, by],
    );
    return this.pauseState(tenantId);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import {
  DEFAULT_ENFORCEMENT_SETTINGS,
  mergeEnforcementSettings,
  type EnforcementSettings,
  type EnforcementSettingsPatch,
} from '../domain/enforcement-settings';
import { InvalidEnforcementSettingsError } from '../telephony-enforcement.errors';
import { EnforcementStateRepository } from './ports/enforcement-state.repository';

export interface PauseState {
  paused: boolean;
  pausedAt: string | null;
  pausedBy: string | null;
  /** ENFORCEMENT_KILL_SWITCH: no Magnus write for any tenant */
  killSwitch: boolean;
}

/** Per-tenant enforcement rules and the pause switch, with the global kill switch. */
@Injectable()
export class EnforcementState {
  constructor(
    private readonly store: EnforcementStateRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async settings(tenantId: string, manager?: EntityManager): Promise<EnforcementSettings> {
    const stored = await this.store.settings(tenantId, manager);
    // Stored settings were validated when saved; merging keeps defaults for fields added later.
    return mergeEnforcementSettings(DEFAULT_ENFORCEMENT_SETTINGS, stored ?? {}).settings;
  }

  /** Validates the merged result as a whole; nothing is saved when any field is wrong. */
  async updateSettings(tenantId: string, patch: EnforcementSettingsPatch): Promise<EnforcementSettings> {
    const { settings, problems } = mergeEnforcementSettings(await this.settings(tenantId), patch);
    if (problems.length > 0) throw new InvalidEnforcementSettingsError(problems);
    await this.store.saveSettings(tenantId, settings);
    return settings;
  }

  async pauseState(tenantId: string, manager?: EntityManager): Promise<PauseState> {
    const row = await this.store.pause(tenantId, manager);
    return {
      paused: row?.paused ?? false,
      pausedAt: row?.pausedAt ? row.pausedAt.toISOString() : null,
      pausedBy: row?.pausedBy ?? null,
      killSwitch: this.config.ENFORCEMENT_KILL_SWITCH,
    };
  }

  /** Whether Magnus may be written for this tenant now (neither paused nor globally switched off). */
  async writesAllowed(tenantId: string, manager?: EntityManager): Promise<'yes' | 'paused' | 'kill_switch'> {
    if (this.config.ENFORCEMENT_KILL_SWITCH) return 'kill_switch';
    return (await this.pauseState(tenantId, manager)).paused ? 'paused' : 'yes';
  }

  async setPaused(tenantId: string, paused: boolean, by: string): Promise<PauseState> {
    await this.store.savePause(tenantId, paused, by);
    return this.pauseState(tenantId);
  }
}

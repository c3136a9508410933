import type { EntityManager } from 'typeorm';
import type { EnforcementSettings, EnforcementSettingsPatch } from '../../domain/enforcement-settings';

export interface StoredPause {
  paused: boolean;
  pausedAt: Date | null;
  pausedBy: string | null;
}

/** A tenant's stored enforcement settings and pause switch; `manager` reads in the caller's transaction. */
export abstract class EnforcementStateRepository {
  /** The settings as saved (validated then), or undefined when the tenant never saved any. */
  abstract settings(tenantId: string, manager?: EntityManager): Promise<EnforcementSettingsPatch | undefined>;
  abstract saveSettings(tenantId: string, settings: EnforcementSettings): Promise<void>;
  abstract pause(tenantId: string, manager?: EntityManager): Promise<StoredPause | undefined>;
  abstract savePause(tenantId: string, paused: boolean, by: string): Promise<void>;
}

import type { Channel } from '../../domain/cadence';

/** Whether a tenant's channel is sending, and if not since when, why, and what waits for it. */
export interface ChannelState {
  channel: Channel;
  paused: boolean;
  reason: string | null;
  since: Date | null;
  /** schedules held back until the pause ends */
  held: number;
}

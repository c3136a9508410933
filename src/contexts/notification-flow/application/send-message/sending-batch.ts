import type { Channel } from '../../domain/cadence';
import type { ChannelSender, ProviderFailure, Sent } from '../ports/channel-providers';
import type { NotificationSettings } from '../settings/notification-settings';
import type { SendRequest } from './send-message.command';
import type { DebtRow, ScheduleRow } from '../ports/sending-schedules.repository';

export type { DebtRow, ScheduleRow };

/** A channel that cannot be used now (WhatsApp instance not open) is tried again after this. */
export const UNAVAILABLE_DEFER_MS = 60_000;

/** What a WhatsApp instance's connectionState says. */
export interface WhatsappState {
  instance: string;
  open: boolean;
  state: string;
}

/** What one batch reads once for every tenant in it, before anything is claimed. */
export interface SendingBatch {
  channel: Channel;
  senders: Map<string, ChannelSender | null>;
  settings: Map<string, NotificationSettings>;
  whatsapp: Map<string, WhatsappState>;
  /** the tenant's local date (computed once per batch: Intl formatters are costly to build per message) */
  todayOf: (tenantId: string) => string;
}

/** A schedule this worker claimed: to send, or (found `sending`) to reconcile with the provider. */
export interface Work {
  row: ScheduleRow;
  request: SendRequest;
  to: string;
  /** a redelivery that found the mark `sending`: ask the provider before anything */
  reconcile: boolean;
  /** reconcile without waiting NOTIFY_RECONCILE_AFTER_MS (a replay of an `unknown` schedule) */
  force?: boolean;
  /** the schedule's `attempts` once claimed: settle touches the row only while it is still this attempt */
  attempts: number;
}

/** What came of one claimed schedule, settled afterwards. */
export type SendResult =
  | { kind: 'sent'; sent: Sent; latencyMs: number; reconciled: boolean }
  | {
      kind: 'permanent' | 'transient' | 'unavailable';
      failure: ProviderFailure;
      latencyMs: number;
      provider: string;
    }
  | { kind: 'unknown'; reason: string }
  | { kind: 'retry'; reason: string }
  /** not at the provider: planned again, so the stop conditions and the throttle are checked before a re-send */
  | { kind: 'requeue'; reason: string };

export const debtorKey = (tenantId: string, debtorId: string) => `${tenantId}\u0000${debtorId}`;

export const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

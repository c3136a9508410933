import type { Channel, MessageType, ScheduleStatus } from '../../domain/cadence';

/** A schedule as operators see it. */
export interface ScheduleRecord {
  id: string;
  debtorId: string;
  flowId: string;
  flowVersion: number;
  stepKey: string;
  stepIndex: number;
  channel: Channel;
  fallbackIndex: number;
  type: MessageType;
  allDay: boolean;
  /** `yyyy-mm-dd`: the due date the step counts from */
  anchorDate: string;
  plannedAt: Date;
  dueAt: Date;
  status: ScheduleStatus;
  statusReason: string | null;
  attempts: number;
  recipient: string | null;
  provider: string | null;
  providerMessageId: string | null;
  queuedAt: Date | null;
  sendingAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DebtorRecord {
  id: string;
  source: string;
  name: string;
  document: string | null;
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
  consent: boolean;
  birthDate: string | null;
  optedOutAt: Date | null;
  optOutReason: string | null;
  snoozedUntil: Date | null;
  lastContactAt: Date | null;
  cycleAnchor: string | null;
  cycleFlowId: string | null;
  cycleFlowVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DebtRecord {
  id: string;
  contractId: string | null;
  description: string;
  dueDate: string;
  amountCents: number;
  openCents: number;
  status: string;
  flowId: string | null;
  flowVersion: number | null;
  openedAt: Date;
}

export interface HistoryRecord {
  id: string;
  scheduleId: string | null;
  debtorId: string;
  attempt: number;
  channel: string;
  provider: string | null;
  providerMessageId: string | null;
  event: string;
  error: string | null;
  latencyMs: number | null;
  detail: Record<string, unknown>;
  at: Date;
}

export interface DayChannelStats {
  /** local day in the tenant's time zone, `yyyy-mm-dd` */
  day: string;
  channel: string;
  sent: number;
  failed: number;
  deferred: number;
  /** schedules skipped (no address, no consent, a minor, …): never sent */
  skipped: number;
  /** steps whose time had passed when the debt became known (recorded, not sent) */
  missed: number;
  unknown: number;
}

export interface NotificationStats {
  from: Date;
  to: Date;
  timeZone: string;
  days: DayChannelStats[];
  /** schedules waiting now, by status (planned, deferred, queued, sending) */
  pending: Record<string, number>;
}

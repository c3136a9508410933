/** Shapes of the public API the console reads (see /docs for the full OpenAPI). */

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface OpenBillingSummary {
  total_open: number;
  over_20_days: number;
  oldest_due_date: string | null;
  open_cents: number;
  open_brl: string;
  debtors?: number;
  aging: Record<string, { count: number; open_cents: number }>;
  as_of: string;
}

export interface OpenBillingItem {
  receivableId: string;
  status: string;
  dueDate: string;
  daysOverdue: number;
  amountCents: number;
  openCents: number;
  openBrl: string;
  branchId: string | null;
  customer: { id: string; name: string | null; document: string | null; mobilePhone: string | null };
  contract: { id: string; status: string; internetStatus: string } | null;
}

export interface OpenBillingPage extends Page<OpenBillingItem> {
  summary: OpenBillingSummary;
}

export interface DayChannelStats {
  day: string;
  channel: string;
  sent: number;
  failed: number;
  deferred: number;
  skipped: number;
  missed: number;
  unknown: number;
}

export interface NotificationStats {
  timeZone: string;
  days: DayChannelStats[];
  pending: Record<string, number>;
}

export interface ChannelState {
  channel: string;
  paused: boolean;
  reason: string | null;
  since: string | null;
  held: number;
}

export interface EnforcementRun {
  id: string;
  trigger: string;
  dryRun: boolean;
  forced: boolean;
  scope: Record<string, unknown>;
  status: string;
  phase: string;
  usersListed: number;
  accounts: number;
  counts: Record<string, number>;
  planned: number;
  pending: number;
  applied: number;
  simulated: number;
  failed: number;
  skipped: number;
  heldReason: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number;
}

export interface EnforcementAction {
  id: string;
  username: string;
  magnusUserId: number;
  company: string;
  contract: string | null;
  action: string;
  from: string;
  to: string;
  reason: string;
  detail: string;
  outcome: string;
  error: string | null;
  appliedAt: string | null;
}

export interface EnforcementRunDetail extends EnforcementRun {
  actions: Page<EnforcementAction>;
}

export interface PauseState {
  paused: boolean;
  pausedAt: string | null;
  pausedBy: string | null;
  killSwitch: boolean;
}

export interface DeadLetter {
  id: string;
  consumer: string;
  messageId: string;
  routingKey: string;
  attempts: number;
  error: string;
  payload: unknown;
  headers: Record<string, unknown>;
  deadLetteredAt: string;
  replayedAt: string | null;
}

export interface MessagingOverview {
  transport: 'rabbitmq' | 'in-process';
  source: string;
  queues: Array<{ name: string; ready: number | null; delayed: number | null; consumers: number | null }>;
  outbox: { pending: number; oldestPendingAt: string | null; failing: number };
  deadLetters: { waiting: number; replayed: number };
}

export type Channel = 'email' | 'sms' | 'whatsapp';
export type MessageType = 'upcoming' | 'overdue' | 'notification';

export interface FlowStep {
  key: string;
  offsetDays: number;
  sendAt: string;
  channels: Channel[];
  cooldownHours: number;
  type: MessageType;
  allDay: boolean;
}

export interface Flow {
  id: string;
  name: string;
  isDefault: boolean;
  version: number;
  steps: FlowStep[];
  archivedAt: string | null;
}

export interface Template {
  id: string;
  builtIn: boolean;
  type: MessageType;
  channel: Channel;
  name: string;
  subject: string | null;
  variations: string[];
}

export interface TemplatePreview {
  subject?: string;
  text: string;
  variation: number;
  sms?: { encoding: string; length: number; characters: number; segments: number };
  whatsapp?: { length: number; limit: number };
}

export interface NotificationSettings {
  businessHours: { timeZone: string; week: Array<{ open: string; close: string } | null> };
  extraClosedDays: string[];
  throttles: Record<Channel, { perMinute: number | null; perDay: number | null }>;
  companyName: string | null;
  enabled: boolean;
}

export interface Schedule {
  id: string;
  debtorId: string;
  flowVersion: number;
  stepKey: string;
  channel: Channel;
  type: MessageType;
  dueAt: string;
  status: string;
  statusReason: string | null;
  attempts: number;
  recipient: string | null;
  sentAt: string | null;
}

export interface Debtor {
  id: string;
  source: string;
  name: string;
  document: string | null;
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
  consent: boolean;
  optedOutAt: string | null;
  optOutReason: string | null;
  snoozedUntil: string | null;
  lastContactAt: string | null;
}

export interface Debt {
  id: string;
  contractId: string | null;
  description: string;
  dueDate: string;
  amountCents: number;
  openCents: number;
  status: string;
}

export interface HistoryEntry {
  id: string;
  scheduleId: string | null;
  attempt: number;
  channel: string;
  provider: string | null;
  event: string;
  error: string | null;
  detail: Record<string, unknown>;
  at: string;
}

export const CHANNEL_LABEL: Record<string, string> = { email: 'E-mail', sms: 'SMS', whatsapp: 'WhatsApp' };
export const TYPE_LABEL: Record<string, string> = {
  upcoming: 'Lembrete (antes do vencimento)',
  overdue: 'Cobrança (vencida)',
  notification: 'Aviso',
};

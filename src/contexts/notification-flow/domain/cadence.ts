/** The three channel queues, in the order the product knows them. */
export const CHANNELS = ['whatsapp', 'sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Template families: before/on the due date, after it, and operational notices. */
export const MESSAGE_TYPES = ['upcoming', 'overdue', 'notification'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/**
 * A schedule's life: `planned` ahead of time → `queued` (claimed by the dispatcher, on its channel
 * queue) → `sending` (committed right before the provider call) → `sent` | `failed`; or `cancelled`
 * (paid, opted out, contract cancelled, operator), `deferred` (outside business hours, cooldown, snooze,
 * WhatsApp paused: it goes out later), `skipped` (recorded, never sent: minor, no consent, no address),
 * `unknown` (a crash left `sending` and the provider cannot be asked: surfaced to operators).
 */
export const SCHEDULE_STATUSES = [
  'planned',
  'queued',
  'sending',
  'sent',
  'failed',
  'cancelled',
  'deferred',
  'skipped',
  'unknown',
] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

/** Statuses that may still lead to a message. */
export const PENDING_STATUSES: readonly ScheduleStatus[] = ['planned', 'deferred', 'queued'];

/** One step of a flow: when (days from the due date, local send time), how (channels in fallback order). */
export interface FlowStep {
  /** stable name, e.g. `D-3`, `D+7` */
  key: string;
  /** days relative to the due date: negative = before it */
  offsetDays: number;
  /** local wall-clock time `HH:mm` in the tenant's time zone */
  sendAt: string;
  /** first channel first; a permanent failure moves to the next */
  channels: Channel[];
  /** minimum hours since the debtor's last message before this one goes out (later, never dropped) */
  cooldownHours: number;
  /** template family; defaults from the offset (≤ 0 upcoming, > 0 overdue) */
  type: MessageType;
  /** only for `notification`: may go out outside business hours */
  allDay: boolean;
}

const step = (key: string, offsetDays: number, channels: Channel[]): FlowStep => ({
  key,
  offsetDays,
  sendAt: '09:00',
  channels,
  cooldownHours: 20,
  type: offsetDays <= 0 ? 'upcoming' : 'overdue',
  allDay: false,
});

/** The product's default cadence: D-3, D0, D+3, D+7, D+15, D+30. */
export const DEFAULT_STEPS: readonly FlowStep[] = [
  step('D-3', -3, ['whatsapp', 'email']),
  step('D0', 0, ['whatsapp', 'sms', 'email']),
  step('D+3', 3, ['whatsapp', 'sms', 'email']),
  step('D+7', 7, ['whatsapp', 'sms', 'email']),
  step('D+15', 15, ['whatsapp', 'sms', 'email']),
  step('D+30', 30, ['whatsapp', 'sms', 'email']),
];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const KEY = /^[A-Za-z0-9+\-_. ]{1,32}$/;

/** Problems with a list of steps (empty when valid). Steps are kept in offset order. */
export function stepProblems(steps: readonly FlowStep[]): string[] {
  const problems: string[] = [];
  if (steps.length === 0) problems.push('a flow needs at least one step');
  if (steps.length > 30) problems.push('a flow has at most 30 steps');
  const keys = new Set<string>();
  steps.forEach((s, i) => {
    const at = `steps[${i}]`;
    if (!KEY.test(s.key)) problems.push(`${at}.key must be 1–32 letters, digits, + - _ . or space`);
    if (keys.has(s.key)) problems.push(`${at}.key "${s.key}" is used twice`);
    keys.add(s.key);
    if (!Number.isInteger(s.offsetDays) || s.offsetDays < -60 || s.offsetDays > 365)
      problems.push(`${at}.offsetDays must be an integer from -60 to 365`);
    if (!HHMM.test(s.sendAt)) problems.push(`${at}.sendAt must be HH:mm`);
    if (s.channels.length === 0) problems.push(`${at}.channels needs at least one channel`);
    if (new Set(s.channels).size !== s.channels.length) problems.push(`${at}.channels repeats a channel`);
    for (const c of s.channels)
      if (!CHANNELS.includes(c)) problems.push(`${at}.channels: unknown channel ${String(c)}`);
    if (!Number.isFinite(s.cooldownHours) || s.cooldownHours < 0 || s.cooldownHours > 24 * 30)
      problems.push(`${at}.cooldownHours must be from 0 to 720`);
    if (!MESSAGE_TYPES.includes(s.type))
      problems.push(`${at}.type must be one of ${MESSAGE_TYPES.join(', ')}`);
    if (s.allDay && s.type !== 'notification')
      problems.push(`${at}.allDay is only allowed for notification steps`);
  });
  return problems;
}

/** Steps sorted by offset (then key), defaults filled in. */
export function normalizeSteps(
  steps: ReadonlyArray<Partial<FlowStep> & Pick<FlowStep, 'key' | 'offsetDays' | 'channels'>>,
): FlowStep[] {
  return steps
    .map((s) => ({
      key: s.key,
      offsetDays: s.offsetDays,
      sendAt: s.sendAt ?? '09:00',
      channels: [...s.channels],
      cooldownHours: s.cooldownHours ?? 20,
      type: s.type ?? (s.offsetDays <= 0 ? 'upcoming' : 'overdue'),
      allDay: s.allDay ?? false,
    }))
    .sort((a, b) => a.offsetDays - b.offsetDays || a.key.localeCompare(b.key));
}

/** Debtors under 18 on `today` (a `yyyy-mm-dd` local date) are never contacted. */
export function isMinor(birthDate: string | null, today: string): boolean {
  if (!birthDate) return false;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const adult = `${String(y + 18).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return adult > today;
}

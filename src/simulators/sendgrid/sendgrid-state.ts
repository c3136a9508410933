import { deriveSeed, mulberry32, type Random } from '../host/prng';

/** The key the demo tenant is configured with; SendGrid keys look like `SG.<id>.<secret>`. */
export const SENDGRID_DEMO_CREDENTIALS = { apiKey: 'SG.regua-demo.simulated-mail-send-key' } as const;
/** A valid key without the `mail.send` scope: SendGrid answers 403, not 401, for it. */
export const SENDGRID_RESTRICTED_API_KEY = 'SG.regua-demo.read-only-key';
/** Recipients in this domain hard-bounce, so tests and demos can exercise the bounce path by address alone. */
export const SENDGRID_BOUNCE_DOMAIN = '@bounce.test';
/** Keeps long benchmark runs bounded; tests look at the latest messages. */
export const MAX_SENDGRID_MESSAGES = 1000;
/** Receipts kept for `scheduleReceipts` (a few MB per 100,000); the oldest go first beyond this. */
export const MAX_SENDGRID_SCHEDULE_RECEIPTS = 1_000_000;

export interface EmailAddress {
  email: string;
  name?: string;
}

export interface Personalization {
  to: EmailAddress[];
  cc?: EmailAddress[];
  bcc?: EmailAddress[];
  subject?: string;
  custom_args?: Record<string, string>;
  dynamic_template_data?: Record<string, unknown>;
  send_at?: number;
}

/** An accepted Mail Send request as the simulator keeps it for inspection. */
export interface SendgridMessage {
  messageId: string;
  receivedAt: string;
  from: EmailAddress;
  subject: string | undefined;
  personalizations: Personalization[];
  content: Array<{ type: string; value: string }>;
  templateId: string | undefined;
  /** top-level `custom_args`; SendGrid merges them into every personalization's own */
  customArgs: Record<string, string>;
  categories: string[];
  recipients: string[];
}

/** A hard bounce SendGrid would report through the Event Webhook for one recipient of one message. */
export interface SendgridBounce {
  email: string;
  messageId: string;
  type: 'bounce';
  status: '5.1.1';
  reason: string;
  /** the merged custom_args of the recipient's personalization: how a client correlates the bounce */
  customArgs: Record<string, string>;
}

export interface SendgridState {
  apiKey: string;
  /** mail/send has no published default; generous so only an explicit `setRateLimit` bites */
  rateLimit: { limit: number; windowMs: number };
  window: { start: number; used: number } | undefined;
  /** addresses that bounce besides the `@bounce.test` domain (lower case) */
  bounceAddresses: Set<string>;
  messages: SendgridMessage[];
  bounces: SendgridBounce[];
  /**
   * Every accepted recipient's `schedule_id` custom arg with its receive time (epoch ms), in arrival order:
   * a compact record for benchmarks counting duplicates and losses beyond the kept `messages`.
   */
  scheduleReceipts: { ids: string[]; at: number[] };
  random: Random;
}

export function createSendgridState(seed: number): SendgridState {
  return {
    apiKey: SENDGRID_DEMO_CREDENTIALS.apiKey,
    rateLimit: { limit: 10_000, windowMs: 1000 },
    window: undefined,
    bounceAddresses: new Set(),
    messages: [],
    bounces: [],
    scheduleReceipts: { ids: [], at: [] },
    random: mulberry32(deriveSeed(seed, 'sendgrid')),
  };
}

export function bounces(state: SendgridState, email: string): boolean {
  const address = email.toLowerCase();
  return address.endsWith(SENDGRID_BOUNCE_DOMAIN) || state.bounceAddresses.has(address);
}

export function inspectSendgrid(state: SendgridState) {
  return {
    apiKey: state.apiKey,
    rateLimit: state.rateLimit,
    bounceDomain: SENDGRID_BOUNCE_DOMAIN,
    bounceAddresses: [...state.bounceAddresses],
    messages: state.messages,
    bounces: state.bounces,
    scheduleReceipts: state.scheduleReceipts.ids.length,
  };
}

export type SendgridData = ReturnType<typeof inspectSendgrid>;

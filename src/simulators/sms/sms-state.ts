import { deriveSeed, mulberry32, randomInt, type Random } from '../host/prng';
import type { SmsEncoding } from './sms-segments';

/** OAuth2 client credentials of the demo account (Basic auth on the token endpoint). */
export const SMS_DEMO_CREDENTIALS = {
  clientId: 'regua-demo',
  clientSecret: 'regua-demo-sms-secret',
} as const;
/** Clients of the real gateway default to 3600 s; the simulator issues the same lifetime. */
export const SMS_TOKEN_TTL_SECONDS = 3600;
/** Keeps long benchmark runs bounded; tests look at the latest messages. */
export const MAX_SMS_MESSAGES = 1000;
const MAX_TOKENS = 1000;

/** One accepted `arraySms` entry as the simulator keeps it for inspection. */
export interface SmsMessage {
  id_sms: number;
  number: string;
  message: string;
  // null rather than absent, so /data shows every field
  filter_value: string | null;
  route_type: number | null;
  webhook_status_url: string | null;
  receivedAt: string;
  /** not on the wire (Assertiva's reply is undocumented); here so tests can reason about cost */
  encoding: SmsEncoding;
  segments: number;
}

export interface SmsState {
  /** access token → expiry (epoch ms) */
  tokens: Map<string, number>;
  /** numbers refused besides the ones the format rule refuses */
  invalidNumbers: Set<string>;
  messages: SmsMessage[];
  nextId: number;
  random: Random;
}

export function createSmsState(seed: number): SmsState {
  const random = mulberry32(deriveSeed(seed, 'sms'));
  return {
    tokens: new Map(),
    invalidNumbers: new Set(),
    messages: [],
    // ids look like a long-running gateway's, and differ per seed
    nextId: randomInt(random, 10_000_000, 19_999_999),
    random,
  };
}

export function issueToken(state: SmsState, nowMs: number): string {
  const token = Array.from({ length: 40 }, () => randomInt(state.random, 0, 15).toString(16)).join('');
  state.tokens.set(token, nowMs + SMS_TOKEN_TTL_SECONDS * 1000);
  // Map iteration is insertion order, so the oldest token goes first.
  if (state.tokens.size > MAX_TOKENS) state.tokens.delete(state.tokens.keys().next().value!);
  return token;
}

export function inspectSms(state: SmsState) {
  return {
    clientId: SMS_DEMO_CREDENTIALS.clientId,
    activeTokens: state.tokens.size,
    invalidNumbers: [...state.invalidNumbers],
    messages: state.messages,
  };
}

export type SmsData = ReturnType<typeof inspectSms>;

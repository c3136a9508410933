import { deriveSeed, mulberry32, randomInt, type Random } from '../host/prng';
import { isSeededNotOnWhatsApp, jidNumber, evolutionJid } from './evolution-number';

/** `wa.types.ts::StateConnection` (`refused` exists in the type but a live instance never reports it). */
export const INSTANCE_STATES = ['open', 'connecting', 'close'] as const;
export type InstanceState = (typeof INSTANCE_STATES)[number];

/** `renderStatus.ts`: the ack ladder a sent message climbs; PENDING is what sendText answers. */
export type MessageStatus = 'PENDING' | 'SERVER_ACK' | 'DELIVERY_ACK' | 'READ';

/** Fixed, like the other simulators' demo credentials: the demo tenant stores it as its secret. */
export const EVOLUTION_DEMO_CREDENTIALS = { apiKey: 'regua-demo-evolution-key', instance: 'regua' } as const;

export interface EvolutionInstance {
  instanceName: string;
  /** uuid, echoed as `instanceId` in messages and webhook events */
  instanceId: string;
  /** the instance's own apikey (auth.guard accepts it for this instance only) */
  token: string;
  state: InstanceState;
  /** the connected phone's JID, sent as `sender` in webhook events */
  ownerJid: string;
  /** set by `POST /webhook/set/{instance}` or the control `setWebhook` action */
  webhook?: WebhookConfig;
}

/** The instance's webhook as `/webhook/find` shows it (v2 names). */
export interface WebhookConfig {
  url: string;
  enabled: boolean;
  /** upper-case event names (`MESSAGES_UPDATE`); empty = every event */
  events: string[];
  /** sent with every event (observed on v2.3.7) */
  headers: Record<string, string>;
  /** true: each event goes to `{url}/{event-name}`, e.g. `/messages-update` */
  webhookByEvents: boolean;
  webhookBase64: boolean;
}

/** One message as the simulator keeps it: the wire answer plus what tests want to check. */
export interface EvolutionMessage {
  id: string;
  instanceName: string;
  remoteJid: string;
  fromMe: boolean;
  text: string;
  status: MessageStatus;
  delay?: number;
  linkPreview?: boolean;
  /** epoch seconds, as `messageTimestamp` */
  timestamp: number;
}

export interface EvolutionState {
  seed: number;
  apiKey: string;
  instances: Map<string, EvolutionInstance>;
  /** explicit "not on WhatsApp" numbers (digits after normalisation), on top of the seeded rule */
  notOnWhatsApp: Set<string>;
  messages: EvolutionMessage[];
  counts: { sent: number; notOnWhatsApp: number; refused: number; replies: number; webhooks: number };
  /** every accepted send (recipient digits, instance, epoch ms), for benchmarks counting duplicates and losses */
  receipts: { numbers: string[]; instances: string[]; at: number[] };
  random: Random;
}

/** Receipts kept for the `receipts` control action; the oldest go first beyond this. */
export const MAX_EVOLUTION_RECEIPTS = 1_000_000;

export function recordReceipt(state: EvolutionState, number: string, instance: string, at: number): void {
  const r = state.receipts;
  r.numbers.push(number);
  r.instances.push(instance);
  r.at.push(at);
  if (r.numbers.length > MAX_EVOLUTION_RECEIPTS) {
    const drop = r.numbers.length - MAX_EVOLUTION_RECEIPTS;
    r.numbers.splice(0, drop);
    r.instances.splice(0, drop);
    r.at.splice(0, drop);
  }
}

/** Keeps long demo and benchmark runs bounded; tests look at the latest messages. */
export const MAX_KEPT_MESSAGES = 1000;

export function createEvolutionState(seed: number): EvolutionState {
  const state: EvolutionState = {
    seed,
    apiKey: EVOLUTION_DEMO_CREDENTIALS.apiKey,
    instances: new Map(),
    notOnWhatsApp: new Set(),
    messages: [],
    counts: { sent: 0, notOnWhatsApp: 0, refused: 0, replies: 0, webhooks: 0 },
    receipts: { numbers: [], instances: [], at: [] },
    random: mulberry32(deriveSeed(seed, 'evolution')),
  };
  addInstance(state, EVOLUTION_DEMO_CREDENTIALS.instance, 'open');
  return state;
}

export function addInstance(state: EvolutionState, instanceName: string, status: InstanceState) {
  const instance: EvolutionInstance = {
    instanceName,
    instanceId: uuid(state.random),
    token: uuid(state.random).toUpperCase(),
    state: status,
    ownerJid: `5511${randomInt(state.random, 910_000_000, 999_999_999)}@s.whatsapp.net`,
  };
  state.instances.set(instanceName, instance);
  return instance;
}

export function isNotOnWhatsApp(state: EvolutionState, jid: string): boolean {
  const digits = jidNumber(jid);
  return state.notOnWhatsApp.has(digits) || isSeededNotOnWhatsApp(state.seed, digits);
}

export function keepMessage(state: EvolutionState, message: EvolutionMessage): void {
  state.messages.push(message);
  if (state.messages.length > MAX_KEPT_MESSAGES) state.messages.shift();
}

/** Baileys' web message ids: `3EB0` and 18 upper-case hex digits. */
export function messageId(random: Random): string {
  return `3EB0${hex(random, 18).toUpperCase()}`;
}

export function normalizedDigits(number: string): string {
  return jidNumber(evolutionJid(number));
}

export function inspectEvolution(state: EvolutionState) {
  return {
    apiKey: state.apiKey,
    instances: [...state.instances.values()],
    notOnWhatsApp: [...state.notOnWhatsApp],
    messages: state.messages,
    counts: { ...state.counts, kept: state.messages.length, receipts: state.receipts.numbers.length },
  };
}

export type EvolutionData = ReturnType<typeof inspectEvolution>;

function uuid(random: Random): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

function hex(random: Random, length: number): string {
  return Array.from({ length }, () => randomInt(random, 0, 15).toString(16)).join('');
}

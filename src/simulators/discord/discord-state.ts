import { deriveSeed, mulberry32, randomInt, type Random } from '../host/prng';
import { snowflake } from './snowflake';

export type DiscordEmbed = Record<string, unknown> & { type: 'rich' };

/** The message object Discord returns for `?wait=true` (the fields a webhook sender sees). */
export interface DiscordMessage {
  id: string;
  type: 0;
  content: string;
  embeds: DiscordEmbed[];
  channel_id: string;
  webhook_id: string;
  author: { id: string; username: string; avatar: null; discriminator: '0000'; bot: true };
  attachments: [];
  mentions: [];
  mention_roles: [];
  mention_everyone: false;
  pinned: false;
  tts: boolean;
  timestamp: string;
  edited_timestamp: null;
  flags: number;
  components: unknown[];
}

export interface DiscordWebhook {
  id: string;
  token: string;
  name: string;
  channelId: string;
  messages: DiscordMessage[];
}

export interface DiscordState {
  guildId: string;
  webhooks: Map<string, DiscordWebhook>;
  /** Discord's usual webhook bucket is 5 requests per 2 s; configurable through `modify`. */
  rateLimit: { limit: number; windowMs: number };
  buckets: Map<string, { start: number; used: number }>;
  /** drives ids and tokens of webhooks, so the same seed always yields the same webhooks */
  random: Random;
  /** snowflake increment for messages */
  sequence: number;
}

/** Seeded ids sit in a fixed past day so they look real and never depend on the wall clock. */
const SEEDED_DAY_MS = Date.UTC(2024, 2, 1);
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Keeps long benchmark runs bounded; tests look at the latest messages. */
export const MAX_MESSAGES_PER_WEBHOOK = 1000;

export function createDiscordState(seed: number): DiscordState {
  const random = mulberry32(deriveSeed(seed, 'discord'));
  const state: DiscordState = {
    guildId: seededSnowflake(random),
    webhooks: new Map(),
    rateLimit: { limit: 5, windowMs: 2000 },
    buckets: new Map(),
    random,
    sequence: 0,
  };
  addWebhook(state, { name: 'Régua Telefonia' });
  addWebhook(state, { name: 'Régua Cobrança' });
  return state;
}

export function addWebhook(state: DiscordState, input: { name: string; channelId?: string }): DiscordWebhook {
  const webhook: DiscordWebhook = {
    id: seededSnowflake(state.random),
    token: Array.from({ length: 68 }, () => TOKEN_ALPHABET[randomInt(state.random, 0, 63)]).join(''),
    name: input.name,
    channelId: input.channelId ?? seededSnowflake(state.random),
    messages: [],
  };
  state.webhooks.set(webhook.id, webhook);
  return webhook;
}

/** The paths of the webhooks a fresh state seeds with this seed (what the demo wiring points at). */
export function seededWebhookPaths(seed: number): Array<{ name: string; path: string }> {
  return [...createDiscordState(seed).webhooks.values()].map((w) => ({ name: w.name, path: webhookPath(w) }));
}

export function webhookPath(webhook: DiscordWebhook): string {
  return `/api/v10/webhooks/${webhook.id}/${webhook.token}`;
}

export function inspectDiscord(state: DiscordState) {
  return {
    guildId: state.guildId,
    rateLimit: state.rateLimit,
    webhooks: [...state.webhooks.values()].map((webhook) => ({
      id: webhook.id,
      token: webhook.token,
      name: webhook.name,
      channelId: webhook.channelId,
      path: webhookPath(webhook),
      messages: webhook.messages,
    })),
  };
}

function seededSnowflake(random: Random): string {
  return snowflake(SEEDED_DAY_MS + randomInt(random, 0, 86_399_999), randomInt(random, 0, 4095));
}

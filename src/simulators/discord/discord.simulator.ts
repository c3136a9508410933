import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import type { SimulatorContext, SimulatorDefinition } from '../host/simulator';
import { discordErrors, sendDiscordError } from './discord-errors';
import { modifyDiscord } from './discord-modify';
import { sendRateLimited, setRateLimitHeaders, takeFromBucket } from './discord-rate-limit';
import {
  createDiscordState,
  inspectDiscord,
  MAX_MESSAGES_PER_WEBHOOK,
  type DiscordMessage,
  type DiscordState,
  type DiscordWebhook,
} from './discord-state';
import {
  parseExecuteQuery,
  parseJsonBody,
  validateExecuteBody,
  type ExecutePayload,
} from './execute-webhook.validation';
import { snowflake } from './snowflake';

/** Versionless `/api` routes to Discord's default version; v9 and v10 behave the same for webhooks. */
const API_PREFIXES = ['/api', '/api/v9', '/api/v10'];

// A max-size message is well under 100 KB of JSON; anything much larger is refused like Discord's 40005.
const readRawBody = express.raw({ type: () => true, limit: '1mb' });

export const discordSimulator: SimulatorDefinition<DiscordState> = {
  name: 'discord',
  description: 'Discord webhooks: execute (wait/thread_id), embed limits, per-webhook rate limit',
  createState: ({ seed }) => createDiscordState(seed),
  mount(router, state, ctx) {
    for (const prefix of API_PREFIXES) {
      const execute = (req: Request, res: Response) => executeWebhook(state, ctx, req, res);
      // The error handler sits in the same route: Express skips other routes while an error is pending.
      router.post(`${prefix}/webhooks/:id/:token`, readRawBody, execute, bodyTooLarge);
      router.get(`${prefix}/webhooks/:id/:token`, (req, res) => getWebhook(state, req, res));
    }
  },
  inspect: inspectDiscord,
  modify: modifyDiscord,
  rateLimited: (_req, res, retryAfterSeconds) => sendRateLimited(res, retryAfterSeconds),
};

export type DiscordData = ReturnType<typeof inspectDiscord>;

function executeWebhook(state: DiscordState, ctx: SimulatorContext, req: Request, res: Response): void {
  const webhook = authorizedWebhook(state, req, res);
  if (!webhook) return;

  const bucket = takeFromBucket(state, webhook, ctx.now().getTime());
  if (bucket.limited) {
    setRateLimitHeaders(res, bucket);
    return sendRateLimited(res, bucket.resetAfterSeconds);
  }
  setRateLimitHeaders(res, bucket);

  const query = parseExecuteQuery(req.query);
  if (!query.ok) return sendDiscordError(res, query.status, query.body);
  const json = parseJsonBody(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
  if (!json.ok) return sendDiscordError(res, json.status, json.body);
  const payload = validateExecuteBody(json.value);
  if (!payload.ok) return sendDiscordError(res, payload.status, payload.body);

  const message = recordMessage(state, webhook, payload.value, ctx.now(), query.value.threadId);
  if (query.value.wait) res.status(200).json(message);
  else res.status(204).end();
}

/** `GET /webhooks/:id/:token` — what a client calls to check its configured webhook. */
function getWebhook(state: DiscordState, req: Request, res: Response): void {
  const webhook = authorizedWebhook(state, req, res);
  if (!webhook) return;
  res.json({
    id: webhook.id,
    type: 1,
    name: webhook.name,
    avatar: null,
    channel_id: webhook.channelId,
    guild_id: state.guildId,
    application_id: null,
    token: webhook.token,
  });
}

function authorizedWebhook(state: DiscordState, req: Request, res: Response): DiscordWebhook | undefined {
  const webhook = state.webhooks.get(String(req.params.id));
  if (!webhook) {
    sendDiscordError(res, 404, discordErrors.unknownWebhook);
    return undefined;
  }
  if (webhook.token !== req.params.token) {
    sendDiscordError(res, 401, discordErrors.invalidWebhookToken);
    return undefined;
  }
  return webhook;
}

function recordMessage(
  state: DiscordState,
  webhook: DiscordWebhook,
  payload: ExecutePayload,
  now: Date,
  threadId: string | undefined,
): DiscordMessage {
  state.sequence = (state.sequence + 1) % 4096;
  const message: DiscordMessage = {
    id: snowflake(now.getTime(), state.sequence),
    type: 0,
    content: payload.content,
    embeds: payload.embeds,
    // A message sent into a thread lives in the thread's channel.
    channel_id: threadId ?? webhook.channelId,
    webhook_id: webhook.id,
    author: {
      id: webhook.id,
      username: payload.username ?? webhook.name,
      avatar: null,
      discriminator: '0000',
      bot: true,
    },
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: payload.tts,
    // Discord prints microseconds and an explicit offset: 2024-03-01T12:00:00.123000+00:00
    timestamp: now.toISOString().replace('Z', '000+00:00'),
    edited_timestamp: null,
    flags: payload.flags,
    components: payload.components,
  };
  webhook.messages.push(message);
  if (webhook.messages.length > MAX_MESSAGES_PER_WEBHOOK) webhook.messages.shift();
  return message;
}

const bodyTooLarge: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const type = typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
  if (type !== 'entity.too.large') return next(error);
  sendDiscordError(res, 413, discordErrors.entityTooLarge);
};

import { SimulatorInputError } from '../host/simulator';
import { addWebhook, inspectDiscord, webhookPath, type DiscordState } from './discord-state';
import { isSnowflake } from './snowflake';

/**
 * Control-API changes to the fake Discord, one `action` per call:
 * `addWebhook {name, channelId?}`, `removeWebhook {id}`, `clearMessages {id?}`, `setRateLimit {limit, windowMs}`.
 */
export function modifyDiscord(state: DiscordState, body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SimulatorInputError('body must be a JSON object with an "action"');
  }
  const input = body as Record<string, unknown>;
  switch (input.action) {
    case 'addWebhook': {
      const name = text(input.name ?? 'Régua', 'name', 80);
      const channelId =
        input.channelId === undefined ? undefined : snowflakeField(input.channelId, 'channelId');
      const webhook = addWebhook(state, { name, channelId });
      return {
        id: webhook.id,
        token: webhook.token,
        name,
        channelId: webhook.channelId,
        path: webhookPath(webhook),
      };
    }
    case 'removeWebhook': {
      const id = knownWebhook(state, input.id);
      state.webhooks.delete(id);
      state.buckets.delete(id);
      return inspectDiscord(state);
    }
    case 'clearMessages': {
      const ids = input.id === undefined ? [...state.webhooks.keys()] : [knownWebhook(state, input.id)];
      for (const id of ids) state.webhooks.get(id)?.messages.splice(0);
      return inspectDiscord(state);
    }
    case 'setRateLimit': {
      state.rateLimit = {
        limit: positive(input.limit, 'limit'),
        windowMs: positive(input.windowMs, 'windowMs'),
      };
      state.buckets.clear();
      return { rateLimit: state.rateLimit };
    }
    default:
      throw new SimulatorInputError(
        `unknown action ${JSON.stringify(input.action)}; use addWebhook, removeWebhook, clearMessages or setRateLimit`,
      );
  }
}

function knownWebhook(state: DiscordState, id: unknown): string {
  if (typeof id !== 'string' || !state.webhooks.has(id)) {
    throw new SimulatorInputError(`unknown webhook id ${JSON.stringify(id)}`);
  }
  return id;
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new SimulatorInputError(`${field} must be a string of 1 to ${max} characters`);
  }
  return value;
}

function snowflakeField(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isSnowflake(value)) {
    throw new SimulatorInputError(`${field} must be a snowflake (digits only)`);
  }
  return value;
}

function positive(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new SimulatorInputError(`${field} must be a positive integer`);
  }
  return value;
}

import type { EvolutionInstance, EvolutionMessage, EvolutionState } from './evolution-state';
import { wireMessage } from './evolution-send';

/** What an ack/reply action reports: the event it built and whether the webhook took it. */
export interface WebhookDelivery {
  delivered: boolean;
  status?: number;
  error?: string;
  event: Record<string, unknown>;
}

const WEBHOOK_TIMEOUT_MS = 5000;

/** `messages.update`: data carries `keyId` (= key.id from sendText) and the new status. */
export function statusUpdateEvent(instance: EvolutionInstance, message: EvolutionMessage) {
  return envelope(instance, 'messages.update', {
    keyId: message.id,
    remoteJid: message.remoteJid,
    fromMe: message.fromMe,
    participant: null,
    status: message.status,
    instanceId: instance.instanceId,
  });
}

/** `messages.upsert` for an inbound message: data is the same `prepareMessage` shape sendText answers. */
export function inboundMessageEvent(instance: EvolutionInstance, message: EvolutionMessage) {
  return envelope(instance, 'messages.upsert', wireMessage(message, instance));
}

/**
 * Posts one event to the configured webhook. Failures are answers, not throws: the control caller
 * (a test) wants to see that its receiver was down, and the simulator state stays changed either way.
 */
export async function deliver(
  state: EvolutionState,
  instance: EvolutionInstance,
  event: Record<string, unknown>,
): Promise<WebhookDelivery> {
  const webhook = instance.webhook;
  if (!webhook?.enabled) {
    return {
      delivered: false,
      error: 'no webhook enabled; use the setWebhook action or /webhook/set',
      event,
    };
  }
  const name = String(event.event);
  // events are configured as MESSAGES_UPDATE and sent as messages.update
  if (webhook.events.length > 0 && !webhook.events.includes(name.toUpperCase().replace('.', '_'))) {
    return { delivered: false, error: `${name} is not in the webhook's events`, event };
  }
  const url = webhook.webhookByEvents
    ? `${webhook.url.replace(/\/$/, '')}/${name.replace('.', '-')}`
    : webhook.url;
  state.counts.webhooks++;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...webhook.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.ok
      ? { delivered: true, status: response.status, event }
      : { delivered: false, status: response.status, error: `webhook answered ${response.status}`, event };
  } catch (error) {
    return { delivered: false, error: error instanceof Error ? error.message : String(error), event };
  }
}

/** Evolution's webhook body (v2): the event, the instance, the data, and the instance apikey. */
function envelope(instance: EvolutionInstance, event: string, data: unknown) {
  return {
    event,
    instance: instance.instanceName,
    data,
    destination: instance.webhook?.url ?? null,
    date_time: new Date().toISOString(),
    sender: instance.ownerJid,
    server_url: 'http://evolution.simulator',
    apikey: instance.token,
  };
}

import type { OutboundHttpMetrics } from '../../../../platform/outbound-http';
import type { ChannelSender, OutgoingMessage, Sent } from '../../application/ports/channel-providers';
import { excerpt, ProviderHttp, serverFailure, unreadBody, type HttpAnswer } from './provider-http';

export interface EvolutionConnection {
  baseUrl: string;
  instance: string;
  apiKey: string;
  timeoutMs?: number;
  /** Evolution has no server-side limit (integrations.md §4): WhatsApp bans fast senders, so pace here. */
  messagesPerSecond?: number;
}

/** Where Evolution posts delivery feedback, and the headers it sends with every event. */
export interface EvolutionWebhookTarget {
  url: string;
  headers: Record<string, string>;
}

/** The events Régua reads (`DeliveryFeedback`): acks and inbound messages. */
export const EVOLUTION_WEBHOOK_EVENTS = ['MESSAGES_UPDATE', 'MESSAGES_UPSERT'] as const;

export type WhatsappState = 'open' | 'connecting' | 'close' | 'refused' | 'unknown';

const PROVIDER = 'evolution';
/** The pace when the tenant set none. */
const DEFAULT_MESSAGES_PER_SECOND = 5;

/**
 * Sends in flight to one instance: enough to keep the configured pace while one call takes up to
 * ~50 ms (Little's law: rate × latency), at least 2 and at most 16. With a fixed 2, a tenant paced at
 * 500/s got ~65 sends/s whenever a call took 30 ms (billing-api benchmark); the pace itself is still
 * enforced by the limiter's spacing, so a slow tenant (the default 5/s) keeps 2.
 */
export function evolutionConcurrency(messagesPerSecond: number): number {
  return Math.min(16, Math.max(2, Math.ceil(messagesPerSecond / 20)));
}
const STATES = new Set<WhatsappState>(['open', 'connecting', 'close', 'refused']);

/**
 * WhatsApp through one Evolution API v2 instance (integrations.md §4): `sendText`, and the instance's
 * `connectionState`. Evolution answers every failure as `{status, error, response: {message}}`; the kind
 * is read from `message`, because a 400 may mean "not on WhatsApp" (permanent) as well as "socket closed"
 * (the whole channel is down). No lookup: Evolution cannot be asked for a message by our id.
 */
export class EvolutionClient implements ChannelSender {
  readonly provider = PROVIDER;
  readonly #connection: EvolutionConnection;
  readonly #http: ProviderHttp;

  constructor(connection: EvolutionConnection, metrics?: OutboundHttpMetrics) {
    this.#connection = { ...connection, baseUrl: connection.baseUrl.replace(/\/+$/, '') };
    this.#http = new ProviderHttp({
      provider: PROVIDER,
      codePrefix: 'WHATSAPP',
      timeoutMs: connection.timeoutMs ?? 15_000,
      concurrency: evolutionConcurrency(connection.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND),
      requestsPerSecond: connection.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND,
      secrets: [connection.apiKey],
      metrics,
    });
  }

  get instance(): string {
    return this.#connection.instance;
  }

  async send(message: OutgoingMessage): Promise<Sent> {
    const { baseUrl, instance } = this.#connection;
    const answer = await this.#http.call({
      method: 'POST',
      url: `${baseUrl}/message/sendText/${encodeURIComponent(instance)}`,
      headers: this.headers(),
      body: JSON.stringify({ number: message.to, text: message.text }),
    });
    const id = (answer.json as { key?: { id?: unknown } } | undefined)?.key?.id;
    if ((answer.status === 200 || answer.status === 201) && typeof id === 'string') {
      return { provider: PROVIDER, providerMessageId: id };
    }
    throw this.failureOf(answer);
  }

  /** `unknown` when the state could not be read (network, credentials, unexpected answer). */
  async connectionState(): Promise<WhatsappState> {
    const { baseUrl, instance } = this.#connection;
    try {
      const answer = await this.#http.call({
        method: 'GET',
        url: `${baseUrl}/instance/connectionState/${encodeURIComponent(instance)}`,
        headers: this.headers(),
      });
      const state = (answer.json as { instance?: { state?: unknown } } | undefined)?.instance?.state;
      return answer.status === 200 && STATES.has(state as WhatsappState)
        ? (state as WhatsappState)
        : 'unknown';
    } catch {
      return 'unknown';
    }
  }

  /**
   * `POST /webhook/set/{instance}` (integrations.md §4): one URL for every event (`byEvents: false`),
   * JSON bodies (`base64: false`), acks and inbound messages. Failures are classified like sends.
   */
  async setWebhook(
    instance: string,
    target: EvolutionWebhookTarget,
  ): Promise<{ url: string; events: string[] }> {
    const events = [...EVOLUTION_WEBHOOK_EVENTS];
    const answer = await this.#http.call({
      method: 'POST',
      url: `${this.#connection.baseUrl}/webhook/set/${encodeURIComponent(instance)}`,
      headers: this.headers(),
      body: JSON.stringify({
        webhook: {
          enabled: true,
          url: target.url,
          headers: target.headers,
          byEvents: false,
          base64: false,
          events,
        },
      }),
    });
    if (answer.status === 200 || answer.status === 201) return { url: target.url, events };
    throw this.failureOf(answer);
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  private headers(): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept: 'application/json',
      apikey: this.#connection.apiKey,
    };
  }

  private failureOf(answer: HttpAnswer) {
    const http = this.#http;
    const messages = messagesOf(answer.json);
    const notOnWhatsApp = messages.find(
      (m): m is { exists: false; number?: unknown } =>
        typeof m === 'object' && m !== null && (m as { exists?: unknown }).exists === false,
    );
    if (answer.status === 400 && notOnWhatsApp) {
      return http.failure(
        `${String(notOnWhatsApp.number ?? 'number')} is not on WhatsApp`,
        'NOT_ON_WHATSAPP',
        false,
        'permanent',
      );
    }
    const text = messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join('; ');
    if (answer.status === 401) {
      return http.failure(
        'Evolution refused the credentials (401)',
        'CREDENTIALS_REFUSED',
        false,
        'unavailable',
      );
    }
    if (answer.status === 404 && /instance does not exist/i.test(text)) {
      return http.failure(
        `instance ${this.#connection.instance} does not exist`,
        'UNKNOWN_INSTANCE',
        false,
        'unavailable',
      );
    }
    if (answer.status === 400 && /connection closed|not connected|instance.*(not open|close)/i.test(text)) {
      return http.failure(
        `instance ${this.#connection.instance} is not connected: ${excerpt(text)}`,
        'INSTANCE_CLOSED',
        false,
        'unavailable',
      );
    }
    if (
      answer.status === 400 &&
      /text is required|number.*cannot be empty|requires property|not of a type/i.test(text)
    ) {
      return http.failure(`refused as invalid: ${excerpt(text)}`, 'INVALID_MESSAGE', false, 'permanent');
    }
    if (answer.status === 404) {
      return http.failure(
        `no such route: ${text ? excerpt(text) : unreadBody(answer)}`,
        'BAD_BASE_URL',
        false,
        'unavailable',
      );
    }
    // Other 400s are Baileys throws wrapped by Evolution (error.toString()): a later attempt may pass.
    return serverFailure(http, answer, text ? excerpt(text) : unreadBody(answer));
  }
}

function messagesOf(body: unknown): unknown[] {
  const message = (body as { response?: { message?: unknown } } | undefined)?.response?.message;
  if (Array.isArray(message)) return message as unknown[];
  return message === undefined ? [] : [message];
}

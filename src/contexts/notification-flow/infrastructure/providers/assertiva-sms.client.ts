import type { ChannelSender, OutgoingMessage, Sent } from '../../application/ports/channel-providers';
import type { OutboundHttpMetrics } from '../../../../platform/outbound-http';
import { excerpt, ProviderHttp, serverFailure, unreadBody, type HttpAnswer } from './provider-http';

export interface AssertivaConnection {
  /** default https://api.assertivasolucoes.com.br */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
  /** for tests: the clock the token expiry is measured with */
  now?: () => number;
}

const PROVIDER = 'assertiva';
/** A Brazilian mobile, digits only: 55, a two-digit area code without zeros, 9 and eight digits. */
export const BRAZILIAN_MOBILE = /^55[1-9][1-9]9\d{8}$/;
/** A token is renewed this long before Assertiva says it expires, so it never dies in flight. */
const TOKEN_MARGIN_MS = 60_000;
const DEFAULT_TOKEN_TTL_SECONDS = 3600;

interface Token {
  value: string;
  renewAt: number;
}

/**
 * SMS through Assertiva (integrations.md §6.1): an OAuth2 client-credentials token, cached until shortly
 * before `expires_in`, then `POST /sms/v3/send` with one `arraySms` item whose `filter_value` is the
 * schedule id. Only the request side is publicly known; success is "the body holds `id_sms`" and errors
 * are read as the simulator answers them (`{error, error_description}`, `invalid_number`). A number that
 * cannot be a Brazilian mobile fails permanently without a call.
 */
export class AssertivaSmsClient implements ChannelSender {
  readonly provider = PROVIDER;
  readonly #connection: AssertivaConnection;
  readonly #http: ProviderHttp;
  #token: Token | undefined;
  #pending: Promise<Token> | undefined;

  constructor(connection: AssertivaConnection, metrics?: OutboundHttpMetrics) {
    this.#connection = { ...connection, baseUrl: connection.baseUrl.replace(/\/+$/, '') };
    this.#http = new ProviderHttp({
      provider: PROVIDER,
      codePrefix: 'SMS',
      timeoutMs: connection.timeoutMs ?? 15_000,
      concurrency: 4,
      secrets: [connection.clientId, connection.clientSecret],
      metrics,
    });
  }

  async send(message: OutgoingMessage): Promise<Sent> {
    const number = message.to.replace(/\D/g, '');
    if (!BRAZILIAN_MOBILE.test(number)) {
      throw this.#http.failure(
        `${message.to} is not a Brazilian mobile number`,
        'INVALID_NUMBER',
        false,
        'permanent',
      );
    }
    let answer = await this.post(number, message, await this.token());
    // A token the gateway no longer honours (revoked, clock skew): one new token, one more try. A 401 means
    // the message was refused, so sending again cannot duplicate it.
    if (answer.status === 401) {
      this.#token = undefined;
      answer = await this.post(number, message, await this.token());
    }
    const id = idOf(answer.json);
    if (answer.status >= 200 && answer.status < 300 && id !== undefined) {
      return { provider: PROVIDER, providerMessageId: id };
    }
    throw this.failureOf(answer);
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  private post(number: string, message: OutgoingMessage, token: string): Promise<HttpAnswer> {
    return this.#http.call({
      method: 'POST',
      url: `${this.#connection.baseUrl}/sms/v3/send`,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({
        can_receive_status: false,
        can_receive_answer: false,
        webhook_status_url: '',
        webhook_answer_url: '',
        route_type: 1,
        arraySms: [{ number, message: message.text, filter_value: message.scheduleId }],
      }),
    });
  }

  /** The cached token, or a new one: one request shared by every caller waiting for it. */
  private async token(): Promise<string> {
    if (this.#token && this.#token.renewAt > this.now()) return this.#token.value;
    this.#pending ??= this.requestToken().finally(() => {
      this.#pending = undefined;
    });
    this.#token = await this.#pending;
    return this.#token.value;
  }

  private async requestToken(): Promise<Token> {
    const { baseUrl, clientId, clientSecret } = this.#connection;
    const requestedAt = this.now();
    const answer = await this.#http.call({
      method: 'POST',
      url: `${baseUrl}/oauth2/v3/token`,
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    });
    const body = answer.json as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (answer.status === 200 && typeof body?.access_token === 'string') {
      const ttlSeconds = typeof body.expires_in === 'number' ? body.expires_in : DEFAULT_TOKEN_TTL_SECONDS;
      const ttlMs = ttlSeconds * 1000;
      return {
        value: body.access_token,
        renewAt: requestedAt + Math.max(ttlMs - TOKEN_MARGIN_MS, ttlMs / 2),
      };
    }
    if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
      throw this.#http.failure(
        `token refused (${answer.status}): ${tokenError(answer)}`,
        'CREDENTIALS_REFUSED',
        false,
        'unavailable',
      );
    }
    throw serverFailure(this.#http, answer, `token: ${tokenError(answer)}`);
  }

  private failureOf(answer: HttpAnswer) {
    const http = this.#http;
    const body = answer.json as { error?: unknown; error_description?: unknown } | undefined;
    const error = typeof body?.error === 'string' ? body.error : '';
    const detail =
      typeof body?.error_description === 'string'
        ? excerpt(`${error}: ${body.error_description}`)
        : unreadBody(answer);
    if (error === 'invalid_number') return http.failure(detail, 'INVALID_NUMBER', false, 'permanent');
    if (answer.status === 401 || answer.status === 403) {
      return http.failure(
        `gateway refused the token (${answer.status}): ${detail}`,
        'CREDENTIALS_REFUSED',
        false,
        'unavailable',
      );
    }
    if (answer.status === 400)
      return http.failure(`message refused: ${detail}`, 'INVALID_MESSAGE', false, 'permanent');
    if (answer.status >= 200 && answer.status < 300) {
      // Accepted without the id we rely on: it may have gone out, so it must not be sent blindly again.
      return http.failure(`answer without id_sms: ${unreadBody(answer)}`, 'UNEXPECTED_ANSWER', true);
    }
    return serverFailure(http, answer, detail);
  }

  private now(): number {
    return this.#connection.now?.() ?? Date.now();
  }
}

/** `id_sms` of the first item (`{arraySms:[{id_sms}]}`), or at the top level as some clients expect. */
function idOf(body: unknown): string | undefined {
  const record = body as { id_sms?: unknown; arraySms?: Array<{ id_sms?: unknown }> } | undefined;
  const id = record?.arraySms?.[0]?.id_sms ?? record?.id_sms;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** The OAuth error of a refused token request (`error`, `error_description`), or what the answer was. */
function tokenError(answer: HttpAnswer): string {
  const body = answer.json as { error?: unknown; error_description?: unknown } | undefined;
  const parts = [body?.error, body?.error_description].filter((p): p is string => typeof p === 'string');
  return parts.length > 0 ? excerpt(parts.join(': ')) : unreadBody(answer);
}

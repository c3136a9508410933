import type { ChannelSender, OutgoingMessage, Sent } from '../../application/ports/channel-providers';
import type { OutboundHttpMetrics } from '../../../../platform/outbound-http';
import type { Sender } from './email-sender';
import { excerpt, ProviderHttp, serverFailure, unreadBody, type HttpAnswer } from './provider-http';

export interface SendgridConnection {
  /** default https://api.sendgrid.com (EU accounts: https://api.eu.sendgrid.com) */
  baseUrl: string;
  apiKey: string;
  from: Sender;
  timeoutMs?: number;
}

const PROVIDER = 'sendgrid';
/** SendGrid's activity statuses that mean it accepted the message. */
const ACCEPTED_STATUSES = new Set(['processed', 'delivered', 'not_delivered']);

/**
 * E-mail through SendGrid v3 Mail Send (integrations.md §5). The schedule id travels as `custom_args`
 * (what the Event Webhook and the Email Activity API key on) and as an `X-Regua-Schedule` header, so a
 * send whose answer was lost can be found again with {@link lookup}. Failures are read from the
 * `errors[]` body: a recipient error is permanent for that address, credentials make the channel
 * unavailable.
 */
export class SendgridClient implements ChannelSender {
  readonly provider = PROVIDER;
  readonly #connection: SendgridConnection;
  readonly #http: ProviderHttp;

  constructor(connection: SendgridConnection, metrics?: OutboundHttpMetrics) {
    this.#connection = { ...connection, baseUrl: connection.baseUrl.replace(/\/+$/, '') };
    this.#http = new ProviderHttp({
      provider: PROVIDER,
      codePrefix: 'EMAIL',
      timeoutMs: connection.timeoutMs ?? 15_000,
      concurrency: 8,
      secrets: [connection.apiKey],
      metrics,
    });
  }

  async send(message: OutgoingMessage): Promise<Sent> {
    const { from } = this.#connection;
    const content = [{ type: 'text/plain', value: message.text }];
    if (message.html) content.push({ type: 'text/html', value: message.html });
    const answer = await this.#http.call({
      method: 'POST',
      url: `${this.#connection.baseUrl}/v3/mail/send`,
      headers: this.headers(),
      body: JSON.stringify({
        personalizations: [{ to: [{ email: message.to }] }],
        from: { email: from.email, name: from.name },
        subject: message.subject ?? '',
        content,
        custom_args: { schedule_id: message.scheduleId },
        headers: { 'X-Regua-Schedule': message.scheduleId },
      }),
    });
    if (answer.status === 202 || answer.status === 200) {
      const id = answer.headers['x-message-id'];
      return { provider: PROVIDER, providerMessageId: typeof id === 'string' ? id : null };
    }
    throw this.failureOf(answer);
  }

  /**
   * Whether SendGrid accepted a message with this schedule id: the Email Activity API searched by
   * `unique_args['schedule_id']` (needs the account's activity add-on). Throws ProviderFailure when it
   * cannot tell.
   */
  async lookup(_tenantId: string, scheduleId: string): Promise<Sent | null> {
    const query = encodeURIComponent(`unique_args['schedule_id']="${scheduleId.replace(/"/g, '')}"`);
    const answer = await this.#http.call({
      method: 'GET',
      url: `${this.#connection.baseUrl}/v3/messages?limit=1&query=${query}`,
      headers: this.headers(),
    });
    if (answer.status !== 200) throw this.failureOf(answer);
    const messages = (answer.json as { messages?: unknown } | undefined)?.messages;
    if (!Array.isArray(messages))
      throw this.#http.failure('activity answer without messages', 'UNEXPECTED_ANSWER');
    const found = (messages as Array<{ msg_id?: unknown; status?: unknown }>).find((m) =>
      ACCEPTED_STATUSES.has(String(m.status)),
    );
    if (!found) return null;
    return { provider: PROVIDER, providerMessageId: typeof found.msg_id === 'string' ? found.msg_id : null };
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  private headers(): Record<string, string> {
    return {
      authorization: `Bearer ${this.#connection.apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
    };
  }

  private failureOf(answer: HttpAnswer) {
    const http = this.#http;
    const errors = errorsOf(answer.json);
    const listed = errors.map((e) => `${e.field ?? '-'}: ${e.message}`).join('; ');
    const text = listed ? excerpt(listed) : unreadBody(answer);
    if (answer.status === 401 || answer.status === 403) {
      return http.failure(
        `SendGrid refused the credentials (${answer.status}): ${text}`,
        'CREDENTIALS_REFUSED',
        false,
        'unavailable',
      );
    }
    if (answer.status === 400 || answer.status === 413) {
      if (errors.some((e) => e.field?.startsWith('from'))) {
        return http.failure(`sender refused: ${text}`, 'SENDER_REFUSED', false, 'unavailable');
      }
      const recipient = errors.some((e) => /^personalizations\.\d+\.(to|cc|bcc)/.test(e.field ?? ''));
      if (recipient) return http.failure(`recipient refused: ${text}`, 'INVALID_ADDRESS', false, 'permanent');
      // Anything else about the body is ours (sender, subject, size): no attempt can succeed either.
      return http.failure(`message refused: ${text}`, 'INVALID_MESSAGE', false, 'permanent');
    }
    return serverFailure(http, answer, text);
  }
}

interface SendgridError {
  message: string;
  field: string | null;
}

function errorsOf(body: unknown): SendgridError[] {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return (errors as Array<Record<string, unknown>>).map((e) => ({
    message: String(e.message ?? ''),
    field: typeof e.field === 'string' ? e.field : null,
  }));
}

import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import {
  ProviderFailure,
  type ChannelSender,
  type OutgoingMessage,
  type Sent,
} from '../../application/ports/channel-providers';
import type { Sender } from './email-sender';

export interface SmtpConnection {
  /** `smtp://user@host:587` or `smtps://…` (implicit TLS); a password in the URL is used too */
  url: string;
  /** overrides the URL's password (kept among the tenant's encrypted secrets) */
  password?: string;
  from: Sender;
  /** pooled connections to the relay; default 3 */
  maxConnections?: number;
  timeoutMs?: number;
}

const PROVIDER = 'smtp';
// Failures before the relay could have taken the message: connection, greeting, TLS upgrade.
const SETUP_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const NETWORK_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL']);

interface SmtpError {
  code?: string;
  responseCode?: number;
  command?: string;
  timeoutType?: string;
  /** the socket's own code (ECONNREFUSED…) under nodemailer's ESOCKET */
  originalCode?: string;
  syscall?: string;
  message?: string;
}

/**
 * E-mail through an SMTP relay with nodemailer (integrations.md §5), one pool of connections per tenant.
 * The schedule id is the Message-ID (`<scheduleId@regua>`) and the `X-Regua-Schedule` header. Failures are
 * read from nodemailer's `code` and the relay's reply code: a 5xx refusal of the recipient or the message is
 * permanent, 4xx and network trouble transient, refused credentials make the channel unavailable.
 */
export class SmtpClient implements ChannelSender {
  readonly provider = PROVIDER;
  readonly #from: Sender;
  readonly #transport: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;

  constructor(connection: SmtpConnection) {
    this.#from = { ...connection.from };
    const url = new URL(connection.url);
    const timeoutMs = connection.timeoutMs ?? 30_000;
    const user = decodeURIComponent(url.username);
    const pass = connection.password ?? decodeURIComponent(url.password);
    this.#transport = nodemailer.createTransport({
      pool: true,
      maxConnections: connection.maxConnections ?? 3,
      maxMessages: 100,
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      auth: user ? { user, pass } : undefined,
      connectionTimeout: Math.min(timeoutMs, 10_000),
      greetingTimeout: Math.min(timeoutMs, 10_000),
      socketTimeout: timeoutMs,
    });
  }

  async send(message: OutgoingMessage): Promise<Sent> {
    try {
      const info = await this.#transport.sendMail({
        from: { name: this.#from.name, address: this.#from.email },
        to: message.to,
        subject: message.subject ?? '',
        text: message.text,
        html: message.html,
        messageId: `<${message.scheduleId}@regua>`,
        headers: { 'X-Regua-Schedule': message.scheduleId },
      });
      if (info.rejected.length > 0) {
        throw new ProviderFailure(
          'permanent',
          'EMAIL_INVALID_ADDRESS',
          `recipient refused: ${info.response}`,
          PROVIDER,
        );
      }
      return { provider: PROVIDER, providerMessageId: info.messageId ?? null };
    } catch (error) {
      throw failureOf(error);
    }
  }

  close(): Promise<void> {
    this.#transport.close();
    return Promise.resolve();
  }
}

function failureOf(error: unknown): unknown {
  if (error instanceof ProviderFailure) return error;
  const { code, responseCode, command, timeoutType, originalCode, syscall, message } = (error ??
    {}) as SmtpError;
  const text = `${code ?? 'error'}${command ? ` at ${command}` : ''}: ${message ?? String(error)}`;
  const failure = (kind: ProviderFailure['kind'], reason: string, maybeSent = false) =>
    new ProviderFailure(kind, `EMAIL_${reason}`, text, PROVIDER, maybeSent);
  if (code === 'EAUTH' || code === 'ENOAUTH') return failure('unavailable', 'CREDENTIALS_REFUSED');
  if (responseCode !== undefined && responseCode >= 500) {
    return code === 'EENVELOPE' && command !== 'MAIL FROM'
      ? failure('permanent', 'INVALID_ADDRESS')
      : command === 'MAIL FROM'
        ? failure('unavailable', 'SENDER_REFUSED')
        : failure('permanent', 'MESSAGE_REFUSED');
  }
  if (responseCode !== undefined && responseCode >= 400) return failure('transient', 'RELAY_DEFERRED');
  if (code !== undefined && NETWORK_CODES.has(code)) {
    // A socket that died or went quiet once the session was up may have carried the whole message.
    const setup =
      code === 'ECONNECTION' ||
      code === 'EDNS' ||
      syscall === 'connect' ||
      NEVER_CONNECTED.has(originalCode ?? '') ||
      SETUP_TIMEOUTS.has(timeoutType ?? '');
    return failure('transient', code === 'ETIMEDOUT' ? 'TIMEOUT' : 'NETWORK', !setup);
  }
  return error;
}

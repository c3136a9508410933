import {
  mapOutboundError,
  OutboundError,
  OutboundHttp,
  type HttpAnswer,
  type OutboundHttpMetrics,
} from '../../../../platform/outbound-http';
import type { MercadoPagoSettings } from './mercadopago-settings';

/** Why a call to Mercado Pago failed; `status` is the HTTP status when an answer came. */
export class MercadoPagoError extends Error {
  override name = 'MercadoPagoError';

  constructor(
    readonly kind: 'unauthorized' | 'rate_limited' | 'unavailable' | 'invalid_answer',
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The longest `Retry-After` waited for inside a call; a longer one fails it (the caller retries later). */
const MAX_RETRY_AFTER_MS = 10_000;

/**
 * Mercado Pago's payments API on the platform outbound stack (docs/integrations/payments.md §1.2):
 * `GET /v1/payments/{id}` with `Authorization: Bearer <access token>`. A GET is safe to repeat, so 429
 * (after `Retry-After`), 5xx, timeouts and lost connections are retried within the call; what is left
 * is mapped here: 200 → the payment's JSON object, 404 → null, 401/403 → `unauthorized`, the rest by its
 * envelope (`{message, error, status, cause[]}` or the gateway's `{code, message}`).
 */
export class MercadoPagoClient {
  readonly #http: OutboundHttp;

  constructor(
    private readonly settings: MercadoPagoSettings,
    metrics?: OutboundHttpMetrics,
  ) {
    this.#http = new OutboundHttp({
      integration: 'mercadopago',
      timeoutMs: settings.timeoutMs,
      concurrency: 8,
      retry: { maxAttempts: 3, initialDelayMs: 200, maxDelayMs: 2_000, maxRetryAfterMs: MAX_RETRY_AFTER_MS },
      breaker: { consecutiveFailures: 10, halfOpenAfterMs: 30_000 },
      redact: [settings.accessToken],
      maxResponseBytes: 1_000_000,
      metrics,
    });
  }

  /** The payment resource, or null when Mercado Pago knows no payment with that id. */
  async payment(id: string): Promise<Record<string, unknown> | null> {
    if (!/^\d{1,19}$/.test(id)) return null; // Mercado Pago's payment ids are integers
    try {
      return await this.#http.call(
        {
          method: 'GET',
          url: `${this.settings.baseUrl}/v1/payments/${id}`,
          headers: { accept: 'application/json', authorization: `Bearer ${this.settings.accessToken}` },
        },
        { read: (answer) => readPayment(answer) },
      );
    } catch (error) {
      if (error instanceof MercadoPagoError) throw error;
      const mapped = mapOutboundError(error, {
        timeout: (e) => new MercadoPagoError('unavailable', this.#http.redact(e.message)),
        network: (e) => new MercadoPagoError('unavailable', this.#http.redact(e.message)),
      });
      if (mapped instanceof OutboundError) throw new MercadoPagoError('unavailable', mapped.message);
      throw mapped;
    }
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}

function readPayment(answer: HttpAnswer): Record<string, unknown> | null {
  const body = answer.json;
  const object =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : null;
  if (answer.status === 200) {
    if (!object)
      throw new MercadoPagoError('invalid_answer', 'Mercado Pago: the payment is not a JSON object', 200);
    return object;
  }
  if (answer.status === 404) return null;
  const message = messageOf(object) ?? `HTTP ${answer.status}`;
  if (answer.status === 401 || answer.status === 403)
    throw new MercadoPagoError(
      'unauthorized',
      `Mercado Pago refused the access token: ${message}`,
      answer.status,
    );
  if (answer.status === 429)
    throw new MercadoPagoError('rate_limited', `Mercado Pago rate limit: ${message}`, answer.status);
  throw new MercadoPagoError('unavailable', `Mercado Pago: ${message}`, answer.status);
}

/** `message` of either envelope, bounded; the `error` slug when there is no message. */
function messageOf(body: Record<string, unknown> | null): string | undefined {
  const text = body?.message ?? body?.error ?? body?.code;
  return typeof text === 'string' ? text.slice(0, 200) : undefined;
}

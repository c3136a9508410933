import { createHmac } from 'node:crypto';
import { MAGNUS_DEMO_CREDENTIALS } from './magnus-state';

/**
 * A deliberately separate MagnusBilling client for the specs: its own PHP `urlencode` (built on
 * encodeURIComponent, unlike the simulator's byte loop) so the signature check is tested against an
 * independent encoder, plus switches to send what broken clients send.
 */

export type Fields = [string, string][];

/** PHP `urlencode`: encodeURIComponent leaves `!'()*~` alone and writes spaces as %20; PHP does not. */
export function phpEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

export function phpQuery(fields: Fields): string {
  return fields.map(([key, value]) => `${phpEncode(key)}=${phpEncode(value)}`).join('&');
}

/** What the Node MagnusBilling client does (integrations.md §2.1): WHATWG form encoding. */
export function whatwgQuery(fields: Fields): string {
  return new URLSearchParams(fields).toString();
}

export function sign(payload: string, secret: string = MAGNUS_DEMO_CREDENTIALS.apiSecret): string {
  return createHmac('sha512', secret).update(payload).digest('hex');
}

export interface MagnusAnswer {
  status: number;
  contentType: string;
  text: string;
}

export interface SendOptions {
  /** default the PHP encoding of `fields` */
  body?: string;
  /** default the HMAC of the body */
  signature?: string;
  headers?: Record<string, string | undefined>;
  contentType?: string;
  apiKey?: string;
  apiSecret?: string;
  query?: string;
}

let nonce = 0;

export class MagnusWire {
  constructor(
    /** `${host.urlOf('magnus')}/mbilling` */
    private readonly base: string,
  ) {}

  /** module/action also travel in the body, as the official client sends them, plus a nonce. */
  fields(module: string, action: string, params: Fields = []): Fields {
    nonce++;
    return [
      ['module', module],
      ['action', action],
      ...params,
      ['nonce', `1700000000${String(nonce).padStart(6, '0')}`],
    ];
  }

  call(
    module: string,
    action: string,
    params: Fields = [],
    options: SendOptions = {},
  ): Promise<MagnusAnswer> {
    return this.send(`${module}/${action}`, this.fields(module, action, params), options);
  }

  async json<T>(module: string, action: string, params: Fields = []): Promise<T> {
    const answer = await this.call(module, action, params);
    if (!answer.text.startsWith('{'))
      throw new Error(`not JSON (${answer.status}): ${answer.text.slice(0, 200)}`);
    return JSON.parse(answer.text) as T;
  }

  async send(route: string, fields: Fields, options: SendOptions = {}): Promise<MagnusAnswer> {
    const body = options.body ?? phpQuery(fields);
    const headers: Record<string, string> = {
      'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded',
      Key: options.apiKey ?? MAGNUS_DEMO_CREDENTIALS.apiKey,
      Sign: options.signature ?? sign(body, options.apiSecret),
    };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    const response = await fetch(`${this.base}/index.php/${route}${options.query ?? ''}`, {
      method: 'POST',
      headers,
      body,
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text: await response.text(),
    };
  }
}

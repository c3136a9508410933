import { request } from 'undici';
import { IXC_DEMO_CREDENTIALS } from './ixc-state';

/** One wire answer as the specs look at it: status, content type and the raw text. */
export interface WireAnswer {
  status: number;
  contentType: string;
  text: string;
}

export interface IxcPage {
  page: string;
  total: number | string;
  registros?: Record<string, string>[];
}

export function basicAuth(
  user: string = IXC_DEMO_CREDENTIALS.user,
  token: string = IXC_DEMO_CREDENTIALS.token,
) {
  return `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
}

/**
 * Speaks the IXC wire format to the simulator for its specs: POST listing with `fetch` (as most
 * integrators do) and the official GET-with-a-body through undici, which fetch cannot send.
 */
export class IxcWire {
  constructor(
    /** `${host.urlOf('ixc')}/webservice/v1` */
    private readonly base: string,
    /** null sends no Authorization header */
    private readonly authorization: string | null = basicAuth(),
  ) {}

  withAuthorization(authorization: string | null): IxcWire {
    return new IxcWire(this.base, authorization);
  }

  /** A list body sent as the official GET with a JSON body. */
  async listGet(table: string, body: unknown, headers: Record<string, string> = { ixcsoft: 'listar' }) {
    const response = await request(`${this.base}/${table}`, {
      method: 'GET',
      headers: { ...this.authHeader(), 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.body.text();
    return { status: response.statusCode, contentType: String(response.headers['content-type']), text };
  }

  listPost(table: string, body: unknown): Promise<WireAnswer> {
    return this.send('POST', `/${table}`, body, { ixcsoft: 'listar' });
  }

  /** A POST listing parsed as a page; fails the spec when the answer is not one. */
  async page(table: string, body: Record<string, unknown>): Promise<IxcPage> {
    const answer = await this.listPost(table, body);
    if (!answer.text.startsWith('{"page"')) throw new Error(`not a page: ${answer.text.slice(0, 200)}`);
    return JSON.parse(answer.text) as IxcPage;
  }

  insert(table: string, body: unknown): Promise<WireAnswer> {
    return this.send('POST', `/${table}`, body);
  }

  put(table: string, id: string, body: unknown): Promise<WireAnswer> {
    return this.send('PUT', `/${table}/${id}`, body);
  }

  async send(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<WireAnswer> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...this.authHeader(), 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text: await response.text(),
    };
  }

  private authHeader(): Record<string, string> {
    return this.authorization === null ? {} : { authorization: this.authorization };
  }
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DiscordInvalidWebhookUrlError,
  DiscordRateLimitedError,
  DiscordUnavailableError,
  DiscordUnknownWebhookError,
} from './discord-errors';
import {
  DiscordWebhookClient,
  type DiscordRequestEvent,
  type DiscordWebhookClientOptions,
} from './discord-webhook.client';
import { eventually } from '../../../../../test/support/eventually';

interface Seen {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

type Handler = (seen: Seen, res: ServerResponse, index: number) => void;

const TOKEN = 'tok3n-SECRET_value';

/** A bare HTTP server that records requests; Discord's own behaviour is covered against the simulator. */
describe('DiscordWebhookClient (transport)', () => {
  let server: Server;
  let baseUrl: string;
  let webhookUrl: string;
  let handler: Handler;
  let seen: Seen[];
  let events: DiscordRequestEvent[];
  const clients: DiscordWebhookClient[] = [];

  const client = (options: DiscordWebhookClientOptions = {}) => {
    const created = new DiscordWebhookClient({
      hooks: { onRequest: (event) => events.push(event) },
      ...options,
    });
    clients.push(created);
    return created;
  };
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  const message = (res: ServerResponse, id: string, headers: Record<string, string> = {}) =>
    json(res, 200, { id, type: 0, content: '' }, headers);
  const outcomes = () => events.map((event) => event.outcome);

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const request = { url: req.url ?? '', headers: req.headers, body, at: Date.now() };
        seen.push(request);
        handler(request, res, seen.length - 1);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    seen = [];
    events = [];
    webhookUrl = `${baseUrl}/api/v10/webhooks/4455/${TOKEN}`;
    handler = (_seen, res, index) => message(res, `msg-${index}`);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((created) => created.close()));
  });

  it('posts the JSON payload with wait=true, keeping thread_id, and returns the message id', async () => {
    const result = await client().execute(`${webhookUrl}?thread_id=777`, {
      content: 'oi',
      allowed_mentions: { parse: [] },
    });

    expect(result).toEqual({ messageId: 'msg-0' });
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe(`/api/v10/webhooks/4455/${TOKEN}?thread_id=777&wait=true`);
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0].body)).toEqual({ content: 'oi', allowed_mentions: { parse: [] } });
    expect(events).toEqual([{ outcome: 'ok', status: 200, durationMs: expect.any(Number) }]);
  });

  it('accepts 204 as delivered without an id', async () => {
    handler = (_seen, res) => res.writeHead(204).end();
    expect(await client().execute(webhookUrl, { content: 'oi' })).toEqual({ messageId: null });
  });

  it.each([
    { case: 'per-webhook', headers: { 'retry-after': '1' }, body: { retry_after: 0.2, global: false } },
    {
      case: 'global (header)',
      headers: { 'retry-after': '1', 'x-ratelimit-global': 'true' },
      body: { retry_after: 0.2 },
    },
    { case: 'global (body)', headers: {}, body: { retry_after: 0.2, global: true } },
  ] as { case: string; headers: Record<string, string>; body: object }[])(
    'waits out a $case 429 for retry_after from the body, then sends',
    async ({ headers, body }) => {
      handler = (_seen, res, index) =>
        index === 0
          ? json(res, 429, { message: 'You are being rate limited.', ...body }, headers)
          : message(res, 'ok');

      expect(await client().execute(webhookUrl, { content: 'oi' })).toEqual({ messageId: 'ok' });
      expect(seen).toHaveLength(2);
      expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(200);
      // The header said 1 s; the body's 0.2 s is the precise figure.
      expect(seen[1].at - seen[0].at).toBeLessThan(900);
      expect(outcomes()).toEqual(['rate_limited', 'ok']);
    },
  );

  it('uses Retry-After when the body has no retry_after', async () => {
    handler = (_seen, res, index) =>
      index === 0 ? res.writeHead(429, { 'retry-after': '1' }).end('slow down') : message(res, 'ok');
    await client().execute(webhookUrl, { content: 'oi' });
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(1000);
  });

  it('gives up at once with DiscordRateLimitedError when the wait exceeds maxWaitMs', async () => {
    handler = (_seen, res) => json(res, 429, { message: 'limited', retry_after: 64.57, global: false });
    const error = await client({ maxWaitMs: 5000 })
      .execute(webhookUrl, { content: 'oi' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DiscordRateLimitedError);
    expect(error).toMatchObject({ transient: true, retryAfterMs: 64_570, global: false, status: 429 });
    expect(seen).toHaveLength(1);
    expect(outcomes()).toEqual(['rate_limited']);
  });

  it('stops after maxAttempts requests when every answer is a 429', async () => {
    handler = (_seen, res) => json(res, 429, { message: 'limited', retry_after: 0.01, global: false });
    await expect(client({ maxAttempts: 3 }).execute(webhookUrl, { content: 'oi' })).rejects.toBeInstanceOf(
      DiscordRateLimitedError,
    );
    expect(seen).toHaveLength(3);
  });

  it('waits for the reset of an exhausted bucket instead of running into a 429', async () => {
    handler = (_seen, res, index) =>
      message(res, `msg-${index}`, {
        'x-ratelimit-bucket': 'b1',
        'x-ratelimit-limit': '2',
        'x-ratelimit-remaining': index === 0 ? '1' : '0',
        'x-ratelimit-reset-after': '0.300',
      });
    const discord = client();
    for (const content of ['a', 'b', 'c']) await discord.execute(webhookUrl, { content });

    expect(seen[1].at - seen[0].at).toBeLessThan(200);
    expect(seen[2].at - seen[1].at).toBeGreaterThanOrEqual(300);
  });

  it('a bucket wait longer than maxWaitMs fails before sending anything', async () => {
    handler = (_seen, res) =>
      message(res, 'ok', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '30' });
    const discord = client({ maxWaitMs: 1000 });
    await discord.execute(webhookUrl, { content: 'a' });
    const error = await discord.execute(webhookUrl, { content: 'b' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DiscordRateLimitedError);
    expect((error as DiscordRateLimitedError).retryAfterMs).toBeGreaterThan(29_000);
    expect(seen).toHaveLength(1);
  });

  it('retries 5xx with backoff and reports each attempt', async () => {
    handler = (_seen, res, index) =>
      index < 2 ? json(res, 502, { message: 'bad gateway' }) : message(res, 'ok');
    expect(await client({ maxAttempts: 3 }).execute(webhookUrl, { content: 'oi' })).toEqual({
      messageId: 'ok',
    });
    expect(seen).toHaveLength(3);
    expect(outcomes()).toEqual(['retry', 'retry', 'ok']);
  });

  it('throws DiscordUnavailableError after maxAttempts timeouts', async () => {
    handler = () => undefined; // never answers
    const error = await client({ maxAttempts: 2, timeoutMs: 100 })
      .execute(webhookUrl, { content: 'oi' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DiscordUnavailableError);
    expect((error as Error).message).toBe(
      'Discord unavailable for /webhooks/4455/***: no answer within 100 ms',
    );
    expect(seen).toHaveLength(2);
    expect(outcomes()).toEqual(['retry', 'error']);
  });

  it('turns a refused connection into DiscordUnavailableError that does not quote the token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const error = await client({ maxAttempts: 1 })
      .execute(`http://127.0.0.1:${port}/api/webhooks/4455/${TOKEN}`, { content: 'oi' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DiscordUnavailableError);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(TOKEN);
  });

  it('does not retry a permanent failure', async () => {
    handler = (_seen, res) => json(res, 404, { code: 10015, message: 'Unknown Webhook' });
    await expect(client().execute(webhookUrl, { content: 'oi' })).rejects.toBeInstanceOf(
      DiscordUnknownWebhookError,
    );
    expect(seen).toHaveLength(1);
    expect(outcomes()).toEqual(['error']);
  });

  it('refuses a URL that is not a webhook before sending anything', async () => {
    await expect(
      client().execute(`${baseUrl}/api/channels/1/messages`, { content: 'oi' }),
    ).rejects.toBeInstanceOf(DiscordInvalidWebhookUrlError);
    expect(seen).toHaveLength(0);
  });

  it('delivers concurrent calls on one webhook in call order, one at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    handler = (_seen, res, index) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // The first answer is the slowest: a client that sent in parallel would finish out of order.
      setTimeout(
        () => {
          inFlight--;
          message(res, `msg-${index}`);
        },
        index === 0 ? 150 : 10,
      );
    };
    const discord = client();
    const contents = ['1', '2', '3', '4', '5'];
    await Promise.all(contents.map((content) => discord.execute(webhookUrl, { content })));

    expect(seen.map((request) => JSON.parse(request.body).content)).toEqual(contents);
    expect(maxInFlight).toBe(1);
  });

  it('aborts while waiting for a rate limit', async () => {
    handler = (_seen, res) => json(res, 429, { message: 'limited', retry_after: 10, global: false });
    const controller = new AbortController();
    const call = client()
      .execute(webhookUrl, { content: 'oi' }, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    // Discord said: wait 10 s. Abort during that wait, not before the answer.
    await eventually(() => outcomes().includes('rate_limited'), { description: 'the 429 to be read' });
    controller.abort();
    const error = await call;

    expect((error as Error).name).toBe('AbortError');
    expect(seen).toHaveLength(1);
  });

  it('postAll sends in order and stops at the first failure, saying how many went out', async () => {
    handler = (request, res, index) =>
      JSON.parse(request.body).content === 'bad'
        ? json(res, 400, { code: 50035, message: 'Invalid Form Body', errors: {} })
        : message(res, `msg-${index}`);
    const result = await client().postAll(webhookUrl, [
      { content: 'a' },
      { content: 'b' },
      { content: 'bad' },
      { content: 'never' },
    ]);

    expect(result).toMatchObject({ sent: 2, messageIds: ['msg-0', 'msg-1'] });
    expect(result.error?.code).toBe('TELEPHONY_ENFORCEMENT.DISCORD_INVALID_PAYLOAD');
    expect(seen).toHaveLength(3);
    expect(await client().postAll(webhookUrl, [{ content: 'c' }])).toEqual({
      sent: 1,
      messageIds: ['msg-3'],
    });
  });

  it('survives a hook that throws, and refuses calls once closed', async () => {
    const discord = client({
      hooks: {
        onRequest: () => {
          throw new Error('metrics broke');
        },
      },
    });
    expect(await discord.execute(webhookUrl, { content: 'oi' })).toEqual({ messageId: 'msg-0' });
    await discord.close();
    await expect(discord.execute(webhookUrl, { content: 'oi' })).rejects.toThrow('closed');
  });
});

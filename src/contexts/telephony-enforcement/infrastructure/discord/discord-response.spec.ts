import {
  DiscordInvalidPayloadError,
  DiscordInvalidWebhookUrlError,
  DiscordUnauthorizedError,
  DiscordUnavailableError,
  DiscordUnexpectedResponseError,
  DiscordUnknownWebhookError,
} from './discord-errors';
import { DiscordRateLimits } from './discord-rate-limits';
import { classifyDiscordResponse, parseRateLimited } from './discord-response';
import { parseWebhookUrl, redactWebhookTokens } from './discord-webhook-url';

const TOKEN = 'Xy7-abcDEF_0123456789';
const WEBHOOK = '/webhooks/112233/***';

describe('parseWebhookUrl', () => {
  it.each([
    [
      `https://discord.com/api/webhooks/112233/${TOKEN}`,
      `https://discord.com/api/webhooks/112233/${TOKEN}?wait=true`,
    ],
    [
      `https://discord.com/api/v10/webhooks/112233/${TOKEN}/`,
      `https://discord.com/api/v10/webhooks/112233/${TOKEN}/?wait=true`,
    ],
    [
      `https://discord.com/api/webhooks/112233/${TOKEN}?thread_id=998877&wait=false`,
      `https://discord.com/api/webhooks/112233/${TOKEN}?thread_id=998877&wait=true`,
    ],
  ])('%s → posts to %s', (raw, url) => {
    const target = parseWebhookUrl(raw);
    expect(target.url).toBe(url);
    expect(target.routeKey).toBe(`112233/${TOKEN}`);
    expect(target.redacted).toBe(WEBHOOK);
  });

  it.each([
    ['not a url', 'not an absolute URL'],
    [`ftp://discord.com/api/webhooks/1/${TOKEN}`, 'unsupported protocol'],
    [`https://discord.com/api/channels/1/${TOKEN}`, 'does not end in /webhooks/<id>/<token>'],
    ['https://discord.com/api/webhooks/1', 'does not end in'],
  ])('refuses %s without quoting it', (raw, reason) => {
    const error = captured(() => parseWebhookUrl(raw));
    expect(error).toBeInstanceOf(DiscordInvalidWebhookUrlError);
    expect((error as Error).message).toContain(reason);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('redacts every token in a text', () => {
    expect(
      redactWebhookTokens(`Cannot POST /api/webhooks/112233/${TOKEN}?wait=true or /webhooks/4/abc`),
    ).toBe('Cannot POST /api/webhooks/112233/***?wait=true or /webhooks/4/***');
  });
});

describe('classifyDiscordResponse', () => {
  it('reads the message id of a 200 and accepts a 204 without one', () => {
    expect(classifyDiscordResponse(200, '{"id":"1213141516171819","type":0}', WEBHOOK)).toEqual({
      ok: true,
      messageId: '1213141516171819',
    });
    expect(classifyDiscordResponse(204, '', WEBHOOK)).toEqual({ ok: true, messageId: null });
  });

  it.each([
    {
      status: 404,
      body: { code: 10015, message: 'Unknown Webhook' },
      type: DiscordUnknownWebhookError,
      transient: false,
      discordCode: 10015,
    },
    {
      status: 404,
      body: 'Not Found',
      type: DiscordUnknownWebhookError,
      transient: false,
      discordCode: undefined,
    },
    {
      status: 401,
      body: { code: 50027, message: 'Invalid Webhook Token' },
      type: DiscordUnauthorizedError,
      transient: false,
      discordCode: 50027,
    },
    { status: 403, body: '', type: DiscordUnauthorizedError, transient: false, discordCode: undefined },
    {
      status: 400,
      body: { code: 50006, message: 'Cannot send an empty message' },
      type: DiscordInvalidPayloadError,
      transient: false,
      discordCode: 50006,
    },
    {
      status: 413,
      body: { code: 40005, message: 'Request entity too large' },
      type: DiscordInvalidPayloadError,
      transient: false,
      discordCode: 40005,
    },
    {
      status: 500,
      body: { message: 'x' },
      type: DiscordUnavailableError,
      transient: true,
      discordCode: undefined,
    },
    {
      status: 502,
      body: '<html>Bad Gateway</html>',
      type: DiscordUnavailableError,
      transient: true,
      discordCode: undefined,
    },
    { status: 408, body: '', type: DiscordUnavailableError, transient: true, discordCode: undefined },
    {
      status: 405,
      body: { message: '405: Method Not Allowed', code: 0 },
      type: DiscordUnexpectedResponseError,
      transient: false,
      discordCode: undefined,
    },
  ])('HTTP $status → $type.name', ({ status, body, type, transient, discordCode }) => {
    const verdict = classifyDiscordResponse(
      status,
      typeof body === 'string' ? body : JSON.stringify(body),
      WEBHOOK,
    );
    if (verdict.ok) throw new Error('expected a failure');
    expect(verdict.error).toBeInstanceOf(type);
    expect(verdict.error.transient).toBe(transient);
    expect(verdict.error.discordCode).toBe(discordCode);
    expect(verdict.error.status).toBe(status);
    expect(verdict.error.code).toMatch(/^TELEPHONY_ENFORCEMENT\.DISCORD_/);
    expect(verdict.error.message).toContain(WEBHOOK);
  });

  it.each([400, 413, 418, 500, 302])(
    'never quotes a body that is not Discord’s JSON (HTTP %i): the URL may point at an internal service',
    (status) => {
      const page = '<html><h1>RabbitMQ Management</h1>guest:guest vhost=/</html>';
      const verdict = classifyDiscordResponse(status, page, WEBHOOK);
      if (verdict.ok) throw new Error('expected a failure');
      expect(verdict.error.message).not.toMatch(/RabbitMQ|guest|vhost/);
      expect(verdict.error.message).toContain(`HTTP ${status}`);
    },
  );

  it("puts Discord's form errors in the message of a 400, truncated", () => {
    const errors = {
      embeds: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' }] },
    };
    const verdict = classifyDiscordResponse(
      400,
      JSON.stringify({ code: 50035, message: 'Invalid Form Body', errors }),
      WEBHOOK,
    );
    if (verdict.ok) throw new Error('expected a failure');
    expect(verdict.error.message).toBe(
      `Discord refused the message for ${WEBHOOK} (HTTP 400, code 50035): Invalid Form Body: ${JSON.stringify(errors)}`,
    );
    const huge = { code: 50035, message: 'Invalid Form Body', errors: { content: 'x'.repeat(5000) } };
    const long = classifyDiscordResponse(400, JSON.stringify(huge), WEBHOOK);
    expect(long.ok ? '' : long.error.message.length).toBeLessThan(700);
  });

  it('never quotes a token that an unexpected answer echoes', () => {
    const verdict = classifyDiscordResponse(405, `Cannot POST /api/webhooks/112233/${TOKEN}`, WEBHOOK);
    expect(verdict.ok ? '' : verdict.error.message).not.toContain(TOKEN);
  });
});

describe('parseRateLimited', () => {
  it.each([
    {
      case: 'body retry_after (decimals) wins',
      headers: { 'retry-after': '65' },
      body: { retry_after: 64.57, global: false },
      ms: 64_570,
      global: false,
    },
    {
      case: 'Retry-After header alone',
      headers: { 'retry-after': '3' },
      body: 'rate limited',
      ms: 3000,
      global: false,
    },
    {
      case: 'global by header',
      headers: { 'retry-after': '1', 'x-ratelimit-global': 'true' },
      body: '',
      ms: 1000,
      global: true,
    },
    { case: 'global by body', headers: {}, body: { retry_after: 0.5, global: true }, ms: 500, global: true },
    {
      case: 'reset-after when nothing else',
      headers: { 'x-ratelimit-reset-after': '1.25' },
      body: '',
      ms: 1250,
      global: false,
    },
    { case: 'no hint at all', headers: {}, body: '<html>1015</html>', ms: 5000, global: false },
  ])('$case', ({ headers, body, ms, global }) => {
    expect(parseRateLimited(headers, typeof body === 'string' ? body : JSON.stringify(body))).toEqual({
      retryAfterMs: ms,
      global,
    });
  });
});

describe('DiscordRateLimits', () => {
  const route = `112233/${TOKEN}`;
  const headers = (remaining: number, resetAfter: number, bucket = 'abcd') => ({
    'x-ratelimit-bucket': bucket,
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset-after': String(resetAfter),
  });

  it('lets requests through while the bucket has some left', () => {
    const limits = new DiscordRateLimits();
    expect(limits.delayFor(route, 0)).toEqual({ waitMs: 0, global: false });
    limits.record(route, headers(1, 2), 0);
    expect(limits.delayFor(route, 100).waitMs).toBe(0);
  });

  it('waits for the reset once the bucket is empty, then lets go', () => {
    const limits = new DiscordRateLimits();
    limits.record(route, headers(0, 1.5), 1000);
    const { waitMs } = limits.delayFor(route, 1200);
    expect(waitMs).toBeGreaterThanOrEqual(1300);
    expect(waitMs).toBeLessThan(1400);
    expect(limits.delayFor(route, 2500).waitMs).toBe(0);
  });

  it('waits after a 429 for the time named, per bucket or for everything when global', () => {
    const limits = new DiscordRateLimits();
    const other = 'other/route';
    limits.limited(route, { retryAfterMs: 2000, global: false }, 0);
    expect(limits.delayFor(route, 500).waitMs).toBeGreaterThanOrEqual(1500);
    expect(limits.delayFor(other, 500).waitMs).toBe(0);

    limits.limited(route, { retryAfterMs: 4000, global: true }, 0);
    expect(limits.delayFor(other, 1000)).toEqual({ waitMs: expect.any(Number), global: true });
    expect(limits.delayFor(other, 1000).waitMs).toBeGreaterThanOrEqual(3000);
  });

  it('shares the state of routes that Discord puts in the same bucket', () => {
    const limits = new DiscordRateLimits();
    limits.record('a/1', headers(0, 1, 'shared'), 0);
    limits.record('b/2', { 'x-ratelimit-bucket': 'shared' }, 0);
    expect(limits.delayFor('b/2', 0).waitMs).toBeGreaterThanOrEqual(1000);
  });
});

function captured(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

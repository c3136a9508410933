import { startSimulators } from '../index';
import { SimulatorControl } from '../host/simulator-control';
import type { SimulatorHost } from '../host/simulator-host';
import type { DiscordErrorBody } from './discord-errors';
import type { DiscordMessage } from './discord-state';
import type { DiscordData } from './discord.simulator';

/** Shape of a 50035 body as the tests walk it. */
type FormErrorBody = DiscordErrorBody & { errors: { embeds: { _errors: { code: string }[] } } };

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;

describe('Discord webhook simulator', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let data: DiscordData;
  let webhookUrl: string;

  const post = (body: unknown, query = '', url = webhookUrl) =>
    fetch(`${url}${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    host = await startSimulators(['discord'], { seed: 42 });
    control = new SimulatorControl(host.controlUrlOf('discord'));
  });
  afterAll(() => host.stop());
  beforeEach(async () => {
    await control.reset();
    data = await control.data<DiscordData>();
    webhookUrl = `${host.urlOf('discord')}${data.webhooks[0].path}`;
  });

  it('seeds two webhooks deterministically from the seed', async () => {
    expect(data.webhooks).toHaveLength(2);
    for (const webhook of data.webhooks) {
      expect(webhook.id).toMatch(/^\d{17,20}$/);
      expect(webhook.token).toMatch(/^[\w-]{68}$/);
      expect(webhook.path).toBe(`/api/v10/webhooks/${webhook.id}/${webhook.token}`);
      expect(webhook.messages).toEqual([]);
    }
    const twin = await startSimulators(['discord'], { seed: 42 });
    try {
      expect(await new SimulatorControl(twin.controlUrlOf('discord')).data()).toEqual(data);
    } finally {
      await twin.stop();
    }
  });

  it('answers wait=true with the created message object (200)', async () => {
    const before = Date.now();
    const response = await post(
      { content: 'Bloqueio: contrato 123', embeds: [{ title: 'Resumo' }] },
      '?wait=true',
    );
    expect(response.status).toBe(200);
    const message = await json<DiscordMessage>(response);
    const webhook = data.webhooks[0];
    expect(message).toMatchObject({
      type: 0,
      content: 'Bloqueio: contrato 123',
      embeds: [{ title: 'Resumo', type: 'rich' }],
      channel_id: webhook.channelId,
      webhook_id: webhook.id,
      author: { id: webhook.id, username: webhook.name, bot: true },
    });
    // snowflake: ms since the Discord epoch in the top bits
    const createdAt = Number(BigInt(message.id) >> 22n) + 1_420_070_400_000;
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(message.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
  });

  it('answers 204 with no body by default, and records messages in order', async () => {
    const response = await post({ content: 'primeira' });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    const versionless = webhookUrl.replace('/api/v10/', '/api/');
    expect((await post({ content: 'segunda', username: 'Régua' }, '?wait=false', versionless)).status).toBe(
      204,
    );
    const threaded = await post({ content: 'no tópico' }, '?wait=true&thread_id=1234567890123', webhookUrl);
    expect((await json<DiscordMessage>(threaded)).channel_id).toBe('1234567890123');

    const { webhooks } = await control.data<DiscordData>();
    expect(webhooks[0].messages.map((message) => message.content)).toEqual([
      'primeira',
      'segunda',
      'no tópico',
    ]);
    expect(webhooks[0].messages[1].author.username).toBe('Régua');
    expect(webhooks[1].messages).toEqual([]);
  });

  it('sends the rate-limit headers on every success', async () => {
    const response = await post({ content: 'oi' });
    expect(response.headers.get('x-ratelimit-limit')).toBe('5');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('4');
    expect(Number(response.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(0);
    expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(response.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('rejects empty messages with 50006 and malformed JSON with 50109', async () => {
    for (const body of [{}, { content: '   ', embeds: [] }]) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ code: 50006, message: 'Cannot send an empty message' });
    }
    const malformed = await post('{"content": "sem fim"');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 50109 });
  });

  it('rejects content and embed limit violations with 50035 and nested _errors', async () => {
    const tooLong = await post({ content: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({
      code: 50035,
      message: 'Invalid Form Body',
      errors: {
        content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
      },
    });

    const elevenEmbeds = await post({ embeds: Array.from({ length: 11 }, () => ({ title: 't' })) });
    expect((await json<DiscordErrorBody>(elevenEmbeds)).errors).toEqual({
      embeds: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' }] },
    });

    const oversized = await post({
      embeds: [{ description: 'a'.repeat(4000) }, { description: 'b'.repeat(2001) }],
    });
    expect(oversized.status).toBe(400);
    expect((await json<FormErrorBody>(oversized)).errors.embeds._errors[0].code).toBe(
      'MAX_EMBED_SIZE_EXCEEDED',
    );

    const badFields = await post({
      embeds: [{ title: 't'.repeat(257), fields: [{ name: 'ok', value: 'v'.repeat(1025) }, { value: 'x' }] }],
    });
    expect((await json<DiscordErrorBody>(badFields)).errors).toEqual({
      embeds: {
        0: {
          title: { _errors: [expect.objectContaining({ code: 'BASE_TYPE_MAX_LENGTH' })] },
          fields: {
            0: { value: { _errors: [expect.objectContaining({ code: 'BASE_TYPE_MAX_LENGTH' })] } },
            1: { name: { _errors: [expect.objectContaining({ code: 'BASE_TYPE_REQUIRED' })] } },
          },
        },
      },
    });
  });

  it('answers 10015 for an unknown webhook and 50027 for a wrong token', async () => {
    const unknown = await post({ content: 'x' }, '', `${host.urlOf('discord')}/api/v10/webhooks/1/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ code: 10015, message: 'Unknown Webhook' });

    const wrongToken = await post({ content: 'x' }, '', webhookUrl.replace(/[^/]+$/, 'wrong'));
    expect(wrongToken.status).toBe(401);
    expect(await wrongToken.json()).toMatchObject({ code: 50027 });
  });

  it('rate-limits a webhook after 5 quick posts with a Discord 429', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await post({ content: `m${i}` })).status);
    expect(statuses).toEqual([204, 204, 204, 204, 204]);

    const limited = await post({ content: 'm5' });
    expect(limited.status).toBe(429);
    const body = await json<{ retry_after: number }>(limited);
    expect(body).toEqual({
      message: 'You are being rate limited.',
      retry_after: expect.any(Number),
      global: false,
    });
    expect(body.retry_after).toBeGreaterThan(0);
    expect(body.retry_after).toBeLessThanOrEqual(2);
    expect(limited.headers.get('retry-after')).toMatch(/^[12]$/);
    expect(limited.headers.get('x-ratelimit-scope')).toBe('shared');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');

    // the other webhook has its own bucket
    const other = `${host.urlOf('discord')}${data.webhooks[1].path}`;
    expect((await post({ content: 'outro' }, '', other)).status).toBe(204);
    expect((await control.data<DiscordData>()).webhooks[0].messages).toHaveLength(5);
  });

  it('accepts injected faults through SimulatorControl', async () => {
    const cloudflare = '<!DOCTYPE html><title>502 Bad Gateway</title>';
    await control.setFaults({
      error: { status: 502, body: cloudflare, contentType: 'text/html; charset=UTF-8' },
      times: 1,
    });
    const failed = await post({ content: 'x' });
    expect(failed.status).toBe(502);
    expect(await failed.text()).toBe(cloudflare);
    expect((await post({ content: 'x' })).status).toBe(204);

    // without a body, the host's rate-limit fault is rendered the Discord way
    await control.setFaults({ rateLimit: { limit: 0, windowMs: 10_000 } });
    const limited = await post({ content: 'x' });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ message: 'You are being rate limited.', global: false });

    expect((await control.requests()).byRoute).toEqual({ 'POST /api/v10/webhooks/:id/:token': 3 });
  });

  it('adds and removes webhooks and clears messages through modify', async () => {
    const added = await control.modify<{ id: string; path: string }>({
      action: 'addWebhook',
      name: 'Cobrança',
    });
    const addedUrl = `${host.urlOf('discord')}${added.path}`;
    expect((await post({ content: 'novo' }, '', addedUrl)).status).toBe(204);
    expect((await post({ content: 'antigo' })).status).toBe(204);

    await control.modify({ action: 'clearMessages' });
    expect(
      (await control.data<DiscordData>()).webhooks.every((webhook) => webhook.messages.length === 0),
    ).toBe(true);

    await control.modify({ action: 'removeWebhook', id: added.id });
    expect((await post({ content: 'x' }, '', addedUrl)).status).toBe(404);
    await expect(control.modify({ action: 'removeWebhook', id: added.id })).rejects.toMatchObject({
      status: 400,
    });
    await expect(control.modify({ action: 'explode' })).rejects.toMatchObject({ status: 400 });
  });

  it('lets modify change the built-in rate limit', async () => {
    await control.modify({ action: 'setRateLimit', limit: 1, windowMs: 60_000 });
    expect((await post({ content: 'a' })).status).toBe(204);
    expect((await post({ content: 'b' })).status).toBe(429);
  });
});

describe('startSimulators', () => {
  it('refuses unknown names and lists the valid ones', async () => {
    await expect(startSimulators(['discord', 'fax' as 'discord'])).rejects.toThrow(
      /^Unknown simulator\(s\): fax\. Valid names: (\w+, )*discord(, \w+)*$/,
    );
  });

  it('starts every simulator by default', async () => {
    const host = await startSimulators();
    try {
      // sorted: each simulator adds its own name without caring where the others registered
      expect([...host.names].sort()).toEqual([
        'clinic',
        'discord',
        'evolution',
        'ixc',
        'magnus',
        'mercadopago',
        'pipedrive',
        'sendgrid',
        'sms',
        'smtp',
      ]);
    } finally {
      await host.stop();
    }
  });
});

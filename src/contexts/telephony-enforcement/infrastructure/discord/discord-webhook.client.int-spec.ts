import {
  SimulatorControl,
  startSimulators,
  type DiscordData,
  type SimulatorHost,
} from '../../../../simulators';
import {
  DiscordInvalidPayloadError,
  DiscordUnauthorizedError,
  DiscordUnknownWebhookError,
} from './discord-errors';
import { packEmbeds, type DiscordEmbed } from './discord-payloads';
import { DiscordWebhookClient, type DiscordRequestEvent } from './discord-webhook.client';
import { actionEmbed, runSummaryContent, runSummaryEmbed } from './enforcement-embeds';

const embed = (index: number): DiscordEmbed => ({
  title: `Bloqueio ${index}`,
  description: `linha ${index}`,
  color: 0xe74c3c,
  fields: [{ name: 'Usuário', value: `48300${index}`, inline: true }],
});

describe('DiscordWebhookClient against the Discord simulator', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let webhook: DiscordData['webhooks'][number];
  let webhookUrl: string;
  let events: DiscordRequestEvent[];
  const clients: DiscordWebhookClient[] = [];

  const client = (options: ConstructorParameters<typeof DiscordWebhookClient>[0] = {}) => {
    const created = new DiscordWebhookClient({
      hooks: { onRequest: (event) => events.push(event) },
      ...options,
    });
    clients.push(created);
    return created;
  };
  const stored = async () =>
    (await control.data<DiscordData>()).webhooks.find((candidate) => candidate.id === webhook.id)?.messages ??
    [];
  const statuses = async () => (await control.requests()).recent.map((request) => request.status);

  beforeAll(async () => {
    host = await startSimulators(['discord']);
    control = new SimulatorControl(host.controlUrlOf('discord'));
  });
  afterAll(() => host.stop());
  beforeEach(async () => {
    await control.reset();
    events = [];
    [webhook] = (await control.data<DiscordData>()).webhooks;
    webhookUrl = `${host.urlOf('discord')}${webhook.path}`;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((created) => created.close()));
  });

  it('delivers a report: the message is stored with its embeds and its id comes back', async () => {
    const summary = {
      runId: 'run-1',
      trigger: 'schedule',
      dryRun: true,
      status: 'completed',
      accounts: 10,
      counts: { block: 1, unblock: 0, disable: 0, enable: 0, no_change: 9 },
      planned: 1,
      applied: 0,
      simulated: 1,
      failed: 0,
      skipped: 0,
      durationMs: 1200,
    } as const;
    const [payload] = packEmbeds([runSummaryEmbed(summary)], {
      content: runSummaryContent(summary),
      username: 'Régua Telefonia',
    });

    const { messageId } = await client().execute(webhookUrl, payload);

    const [message] = await stored();
    expect(message.id).toBe(messageId);
    expect(message.content).toBe(
      '**[SIMULAÇÃO]** Execução de bloqueio VoIP concluída: 1 bloqueio (1 simulada, nada aplicado)',
    );
    expect(message.author.username).toBe('Régua Telefonia');
    expect(message.embeds).toEqual([{ ...payload.embeds![0], type: 'rich' }]);
    expect(message.mention_everyone).toBe(false);
  });

  it('posts 25 embeds as 3 messages, all stored in order', async () => {
    const embeds = Array.from({ length: 25 }, (_, index) => embed(index));
    const payloads = packEmbeds(embeds, { content: 'Execução run-2' });
    expect(payloads).toHaveLength(3);

    const result = await client().postAll(webhookUrl, payloads);

    expect(result).toMatchObject({ sent: 3 });
    expect(result.error).toBeUndefined();
    const messages = await stored();
    expect(messages.map((message) => message.embeds.length)).toEqual([10, 10, 5]);
    expect(messages.flatMap((message) => message.embeds.map((stored) => stored.title))).toEqual(
      embeds.map((sent) => sent.title),
    );
    expect(messages.map((message) => message.id)).toEqual(result.messageIds);
  });

  it('keeps to the rate-limit headers: 6 posts at 2 per second all arrive, with few 429s', async () => {
    await control.modify({ action: 'setRateLimit', limit: 2, windowMs: 1000 });
    const discord = client();

    // Handed over all at once, as a run's reports would be; the client queues them per webhook.
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((index) => discord.execute(webhookUrl, { content: `relatório ${index}` })),
    );

    expect((await stored()).map((message) => message.content)).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => `relatório ${i}`),
    );
    const answered = await statuses();
    expect(answered.filter((status) => status === 200)).toHaveLength(6);
    // Three windows of two posts: the client waited for the resets it was told about (a client that did
    // not would have had four of the six refused).
    expect(answered.filter((status) => status === 429).length).toBeLessThanOrEqual(1);
  });

  it('recovers from 429s when another sender used up the bucket', async () => {
    await control.modify({ action: 'setRateLimit', limit: 1, windowMs: 500 });
    // Someone else (another process, the same channel) spends the window first.
    await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'outro remetente' }),
    });

    await client().execute(webhookUrl, { content: 'nosso relatório' });

    expect((await stored()).map((message) => message.content)).toEqual([
      'outro remetente',
      'nosso relatório',
    ]);
    expect(events.map((event) => event.outcome)).toEqual(['rate_limited', 'ok']);
  });

  it('stops at once on a deleted webhook (10015), without retrying', async () => {
    await control.modify({ action: 'removeWebhook', id: webhook.id });

    const error = await client()
      .execute(webhookUrl, { content: 'oi' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DiscordUnknownWebhookError);
    expect(error).toMatchObject({ transient: false, discordCode: 10015, status: 404 });
    expect((error as Error).message).toContain(`/webhooks/${webhook.id}/***`);
    expect((error as Error).message).not.toContain(webhook.token);
    expect((await control.requests()).count).toBe(1);
  });

  it('refuses a wrong token as unauthorized (50027)', async () => {
    const error = await client()
      .execute(webhookUrl.replace(webhook.token, 'wrong-token'), { content: 'oi' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DiscordUnauthorizedError);
    expect(error).toMatchObject({ transient: false, discordCode: 50027, status: 401 });
  });

  it('delivers once after two 500s', async () => {
    await control.setFaults({
      error: { status: 500, body: { message: 'x' } },
      times: 2,
      pathPattern: 'webhooks',
    });

    const { messageId } = await client().execute(webhookUrl, { content: 'depois da falha' });

    const messages = await stored();
    expect(messages.map((message) => message.content)).toEqual(['depois da falha']);
    expect(messages[0].id).toBe(messageId);
    expect(await statuses()).toEqual([500, 500, 200]);
    expect(events.map((event) => event.outcome)).toEqual(['retry', 'retry', 'ok']);
  });

  it('reports an invalid payload (11 embeds past packEmbeds) with Discord’s errors, without retrying', async () => {
    const error = await client()
      .execute(webhookUrl, { embeds: Array.from({ length: 11 }, (_, index) => embed(index)) })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DiscordInvalidPayloadError);
    expect(error).toMatchObject({ transient: false, discordCode: 50035, status: 400 });
    expect((error as Error).message).toContain('BASE_TYPE_MAX_LENGTH');
    expect((await control.requests()).count).toBe(1);
    expect(await stored()).toEqual([]);
  });

  it('every embed the reports build is accepted by Discord’s validation', async () => {
    const actions = (['block', 'unblock', 'disable', 'enable', 'no_change'] as const).map((action, index) =>
      actionEmbed({
        runId: 'run-3',
        action,
        username: `48300${index}`,
        company: 'Provedor com nome absurdamente longo '.repeat(200),
        contractId: index === 0 ? null : String(1500 + index),
        from: 'active',
        to: 'blocked',
        fromValue: 1,
        toValue: 4,
        reason: 'motivo '.repeat(500),
        outcome: index === 1 ? 'failed' : 'applied',
        error: index === 1 ? 'erro '.repeat(1000) : undefined,
        dryRun: false,
        at: new Date().toISOString(),
      }),
    );
    const result = await client().postAll(webhookUrl, packEmbeds(actions, { username: 'Régua' }));

    expect(result.error).toBeUndefined();
    expect((await stored()).flatMap((message) => message.embeds)).toHaveLength(5);
  });
});

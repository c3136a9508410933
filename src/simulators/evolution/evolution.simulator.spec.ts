import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answeredAfterLatency } from '../../../test/support/simulated-latency';
import { startSimulators } from '../index';
import { SimulatorControl } from '../host/simulator-control';
import type { SimulatorHost } from '../host/simulator-host';
import { evolutionJid, isSeededNotOnWhatsApp } from './evolution-number';
import { EVOLUTION_DEMO_CREDENTIALS, type EvolutionData } from './evolution-state';
import type { WebhookDelivery } from './evolution-webhook';

const { apiKey, instance } = EVOLUTION_DEMO_CREDENTIALS;
const SEED = 42;

/** First numbers (SP mobiles) the seeded rule keeps on / off WhatsApp, found through the exported helper. */
function seededNumber(notOnWhatsApp: boolean): string {
  for (let n = 0; ; n++) {
    const number = `55119${String(87_650_001 + n)}`;
    if (isSeededNotOnWhatsApp(SEED, number) === notOnWhatsApp) return number;
  }
}

describe('Evolution API simulator', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let base: string;
  const onWhatsApp = seededNumber(false);

  const send = (body: unknown, key: string | null = apiKey, name: string = instance) =>
    fetch(`${base}/message/sendText/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(key === null ? {} : { apikey: key }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const state = (name: string = instance, key: string = apiKey) =>
    fetch(`${base}/instance/connectionState/${name}`, { headers: { apikey: key } });

  beforeAll(async () => {
    host = await startSimulators(['evolution'], { seed: SEED });
    control = new SimulatorControl(host.controlUrlOf('evolution'));
    base = host.urlOf('evolution');
  });
  afterAll(() => host.stop());
  beforeEach(() => control.reset());

  it('seeds one open instance deterministically from the seed', async () => {
    const data = await control.data<EvolutionData>();
    expect(data.instances).toEqual([
      {
        instanceName: 'regua',
        instanceId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/),
        token: expect.stringMatching(/^[0-9A-F-]{36}$/),
        state: 'open',
        ownerJid: expect.stringMatching(/^5511\d{9}@s\.whatsapp\.net$/),
      },
    ]);
    expect(data.messages).toEqual([]);
    const twin = await startSimulators(['evolution'], { seed: SEED });
    try {
      expect(await new SimulatorControl(twin.controlUrlOf('evolution')).data()).toEqual(data);
    } finally {
      await twin.stop();
    }
  });

  it('sends a v2 text and answers 201 with the Baileys message shape', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await send({
      number: `+55 (11) ${onWhatsApp.slice(4)}`,
      text: 'Olá',
      delay: 1200,
      linkPreview: false,
    });
    expect(response.status).toBe(201);
    const { instances } = await control.data<EvolutionData>();
    const body = (await response.json()) as { messageTimestamp: number };
    expect(body).toEqual({
      key: {
        remoteJid: `${onWhatsApp}@s.whatsapp.net`,
        fromMe: true,
        id: expect.stringMatching(/^3EB0[0-9A-F]{18}$/),
      },
      pushName: 'Você',
      status: 'PENDING',
      message: { conversation: 'Olá' },
      contextInfo: null,
      messageType: 'conversation',
      messageTimestamp: expect.any(Number),
      instanceId: instances[0]!.instanceId,
      source: 'web',
    });
    expect(body.messageTimestamp).toBeGreaterThanOrEqual(before);
  });

  it('accepts the v1 body and applies the BR 9th-digit fix to DDD 31+', async () => {
    const response = await send({
      number: '5531987654321',
      options: { delay: 100 },
      textMessage: { text: 'v1' },
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { key: { remoteJid: string } }).key.remoteJid).toBe(
      '553187654321@s.whatsapp.net',
    );
    expect(evolutionJid('5511987654321')).toBe('5511987654321@s.whatsapp.net');
    expect(evolutionJid('5531612345678')).toBe('5531612345678@s.whatsapp.net');
  });

  it('keeps sent messages and counts for inspection', async () => {
    await send({ number: onWhatsApp, text: 'um' });
    await send({ number: onWhatsApp, text: 'dois' });
    await send({ number: '5511999990000', text: 'fora' });
    const data = await control.data<EvolutionData>();
    expect(data.messages.map((m) => [m.text, m.status, m.fromMe])).toEqual([
      ['um', 'PENDING', true],
      ['dois', 'PENDING', true],
    ]);
    expect(data.counts).toEqual({
      sent: 2,
      notOnWhatsApp: 1,
      refused: 0,
      replies: 0,
      webhooks: 0,
      kept: 2,
      receipts: 2,
    });
    await control.modify({ action: 'clearMessages' });
    expect((await control.data<EvolutionData>()).messages).toEqual([]);
  });

  it('answers 401 in Evolution envelope for a missing or wrong apikey, and accepts the instance token', async () => {
    for (const key of [null, 'wrong']) {
      const response = await send({ number: onWhatsApp, text: 'x' }, key);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        status: 401,
        error: 'Unauthorized',
        response: { message: 'Unauthorized' },
      });
    }
    const { instances } = await control.data<EvolutionData>();
    expect((await send({ number: onWhatsApp, text: 'x' }, instances[0]!.token)).status).toBe(201);
    expect((await state(instance, 'wrong')).status).toBe(401);
  });

  it('answers 400 exists:false for a number not on WhatsApp (seeded rule and setNotOnWhatsApp)', async () => {
    const absent = seededNumber(true);
    for (const number of [absent, '5511999990000']) {
      const response = await send({ number, text: 'x' });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        status: 400,
        error: 'Bad Request',
        response: { message: [{ jid: `${number}@s.whatsapp.net`, exists: false, number }] },
      });
    }
    await control.modify({ action: 'setNotOnWhatsApp', numbers: [`+${onWhatsApp}`] });
    expect((await send({ number: onWhatsApp, text: 'x' })).status).toBe(400);
    await control.modify({ action: 'setNotOnWhatsApp', numbers: [] });
    expect((await send({ number: onWhatsApp, text: 'x' })).status).toBe(201);
  });

  it('answers 400 validation errors: missing fields, blank text, too long, bad JSON', async () => {
    const cases: Array<[unknown, unknown[]]> = [
      [{ text: 'x' }, ['instance requires property "number"']],
      [{ number: onWhatsApp }, ['instance requires property "text"']],
      [{ number: onWhatsApp, text: '   ' }, ['Text is required']],
      [{ number: onWhatsApp, text: 'x'.repeat(65_537) }, ['Error: Message too long']],
      [{ number: onWhatsApp, text: 'x', delay: 'soon' }, ['instance.delay is not of a type(s) integer']],
    ];
    for (const [body, message] of cases) {
      const response = await send(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ status: 400, error: 'Bad Request', response: { message } });
    }
    const malformed = await send('{"number":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ status: 400, error: 'Bad Request' });
    expect((await control.data<EvolutionData>()).counts.refused).toBe(5);
  });

  it('reports connectionState and refuses sends while the instance is not open', async () => {
    const open = await state();
    expect(open.status).toBe(200);
    expect(await open.json()).toEqual({ instance: { instanceName: 'regua', state: 'open' } });

    for (const closed of ['close', 'connecting']) {
      await control.modify({ action: 'setInstanceState', instance, state: closed });
      expect(await (await state()).json()).toEqual({ instance: { instanceName: 'regua', state: closed } });
      const response = await send({ number: onWhatsApp, text: 'x' });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        status: 400,
        error: 'Bad Request',
        response: { message: ['Error: Connection Closed'] },
      });
    }
    await expect(
      control.modify({ action: 'setInstanceState', instance, state: 'refused' }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('answers 404 for an unknown instance (before auth) and an unknown route', async () => {
    for (const response of [
      await send({ number: onWhatsApp, text: 'x' }, null, 'nope'),
      await state('nope'),
    ]) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        status: 404,
        error: 'Not Found',
        response: { message: ['The "nope" instance does not exist'] },
      });
    }
    const unknown = await fetch(`${base}/chat/whatsappNumbers/regua`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      response: { message: ['Cannot POST /chat/whatsappNumbers/regua'] },
    });
  });

  it('adds instances through modify', async () => {
    const added = await control.modify<{ instanceName: string; token: string }>({
      action: 'addInstance',
      instance: 'filial',
      state: 'close',
    });
    expect(await (await state('filial')).json()).toEqual({
      instance: { instanceName: 'filial', state: 'close' },
    });
    // an instance token opens only its own instance
    expect((await state('filial', added.token)).status).toBe(200);
    expect((await state(instance, added.token)).status).toBe(401);
    await expect(control.modify({ action: 'addInstance', instance: 'filial' })).rejects.toMatchObject({
      status: 400,
    });
    await expect(control.modify({ action: 'explode' })).rejects.toMatchObject({ status: 400 });
  });

  describe('webhook events', () => {
    let receiver: Server;
    let received: Array<Record<string, unknown>>;
    let seen: Array<{ url?: string; authorization?: string }>;
    let receiverUrl: string;

    beforeAll(async () => {
      receiver = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          received.push(JSON.parse(body) as Record<string, unknown>);
          seen.push({ url: req.url, authorization: req.headers.authorization });
          res.writeHead(200).end('ok');
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/evolution/events`;
    });
    afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    beforeEach(() => {
      received = [];
      seen = [];
    });

    it('sets and finds the webhook over the wire; headers, events and byEvents are honoured', async () => {
      const find = () => fetch(`${base}/webhook/find/${instance}`, { headers: { apikey: apiKey } });
      expect(await (await find()).json()).toBeNull();

      const set = (webhook: unknown) =>
        fetch(`${base}/webhook/set/${instance}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', apikey: apiKey },
          body: JSON.stringify({ webhook }),
        });
      const bad = await set({ enabled: true, url: 'not a url' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ status: 400, error: 'Bad Request' });

      const config = {
        enabled: true,
        url: receiverUrl,
        headers: { Authorization: 'Bearer segredo' },
        byEvents: true,
        events: ['MESSAGES_UPSERT'],
      };
      const created = await set(config);
      expect(created.status).toBe(201);
      const { instances } = await control.data<EvolutionData>();
      const record = {
        id: expect.any(String),
        url: receiverUrl,
        enabled: true,
        events: ['MESSAGES_UPSERT'],
        headers: { Authorization: 'Bearer segredo' },
        webhookByEvents: true,
        webhookBase64: false,
        instanceId: instances[0]!.instanceId,
      };
      expect(await created.json()).toEqual(record);
      expect(await (await find()).json()).toEqual(record);

      expect(
        (await control.modify<WebhookDelivery>({ action: 'reply', from: onWhatsApp, text: 'oi' })).delivered,
      ).toBe(true);
      expect(seen).toEqual([{ url: '/evolution/events/messages-upsert', authorization: 'Bearer segredo' }]);

      // MESSAGES_UPDATE is not subscribed: the ack is refused, not posted
      const sent = (await (await send({ number: onWhatsApp, text: 'x' })).json()) as { key: { id: string } };
      const ack = await control.modify<WebhookDelivery>({
        action: 'ack',
        messageId: sent.key.id,
        status: 'READ',
      });
      expect(ack).toMatchObject({ delivered: false, error: expect.stringContaining('not in the webhook') });
      expect(seen).toHaveLength(1);
    });

    it('posts messages.update for an ack, with keyId = the sent key.id', async () => {
      await control.modify({ action: 'setWebhook', url: receiverUrl });
      const sent = (await (await send({ number: onWhatsApp, text: 'cobrança' })).json()) as {
        key: { id: string };
      };
      const { instances } = await control.data<EvolutionData>();
      for (const status of ['SERVER_ACK', 'DELIVERY_ACK', 'READ']) {
        const delivery = await control.modify<WebhookDelivery>({
          action: 'ack',
          messageId: sent.key.id,
          status,
        });
        expect(delivery).toMatchObject({ delivered: true, status: 200 });
      }
      expect(received).toHaveLength(3);
      expect(received[2]).toEqual({
        event: 'messages.update',
        instance: 'regua',
        data: {
          keyId: sent.key.id,
          remoteJid: `${onWhatsApp}@s.whatsapp.net`,
          fromMe: true,
          participant: null,
          status: 'READ',
          instanceId: instances[0]!.instanceId,
        },
        destination: receiverUrl,
        date_time: expect.any(String),
        sender: instances[0]!.ownerJid,
        server_url: expect.any(String),
        apikey: instances[0]!.token,
      });
      expect((await control.data<EvolutionData>()).messages[0]!.status).toBe('READ');
      await expect(
        control.modify({ action: 'ack', messageId: 'nope', status: 'READ' }),
      ).rejects.toMatchObject({ status: 400 });
      await expect(
        control.modify({ action: 'ack', messageId: sent.key.id, status: 'PLAYED' }),
      ).rejects.toMatchObject({ status: 400 });
    });

    it('posts messages.upsert for a reply and keeps it in the log', async () => {
      await control.modify({ action: 'setWebhook', url: receiverUrl });
      const delivery = await control.modify<WebhookDelivery>({
        action: 'reply',
        from: onWhatsApp,
        text: 'Já paguei',
      });
      expect(delivery.delivered).toBe(true);
      expect(received).toEqual([
        expect.objectContaining({
          event: 'messages.upsert',
          instance: 'regua',
          data: expect.objectContaining({
            key: {
              remoteJid: `${onWhatsApp}@s.whatsapp.net`,
              fromMe: false,
              id: expect.stringMatching(/^3EB0/),
            },
            message: { conversation: 'Já paguei' },
            messageType: 'conversation',
          }),
        }),
      ]);
      const data = await control.data<EvolutionData>();
      expect(data.messages.map((m) => [m.fromMe, m.text])).toEqual([[false, 'Já paguei']]);
      expect(data.counts.replies).toBe(1);
    });

    it('reports a webhook that is unset, down or failing in the action answer', async () => {
      const unset = await control.modify<WebhookDelivery>({ action: 'reply', from: onWhatsApp, text: 'oi' });
      expect(unset).toMatchObject({ delivered: false, error: expect.stringContaining('no webhook') });

      await control.modify({ action: 'setWebhook', url: 'http://127.0.0.1:1/down' });
      const down = await control.modify<WebhookDelivery>({ action: 'reply', from: onWhatsApp, text: 'oi' });
      expect(down).toMatchObject({ delivered: false, error: expect.any(String) });

      await control.modify({ action: 'setWebhook', url: `${base}/no-such-route` });
      const failing = await control.modify<WebhookDelivery>({
        action: 'reply',
        from: onWhatsApp,
        text: 'oi',
      });
      expect(failing).toMatchObject({ delivered: false, status: 404 });
      await expect(control.modify({ action: 'setWebhook', url: 'ftp://x' })).rejects.toMatchObject({
        status: 400,
      });
    });
  });

  it('accepts injected faults through the host', async () => {
    await control.setFaults({
      error: {
        status: 500,
        body: { status: 500, error: 'Internal Server Error', response: { message: ['boom'] } },
      },
      times: 1,
    });
    const failed = await send({ number: onWhatsApp, text: 'x' });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ response: { message: ['boom'] } });
    expect((await send({ number: onWhatsApp, text: 'x' })).status).toBe(201);

    await control.setFaults({ latencyMs: 150 });
    const delayed = await answeredAfterLatency(control, 150, () => send({ number: onWhatsApp, text: 'x' }));
    expect(delayed.status).toBe(201);
    await control.clearFaults();

    expect((await control.requests()).byRoute).toMatchObject({ 'POST /message/sendText/:instanceName': 3 });
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { guardedConnect, installOutboundPolicy, OUTBOUND_REFUSED } from './guarded-connect';
import { OutboundUrlPolicy } from './outbound-url-policy';

describe('guardedConnect: the outbound policy holds when the connection is made', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  const agent = new Agent({ connect: guardedConnect({ timeout: 2_000 }) });
  const get = (url: string) => request(url, { dispatcher: agent }).then((r) => r.body.text());
  const refusal = (url: string) =>
    get(url).then(
      () => undefined,
      (error: { code?: string; message: string }) => error,
    );

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits += 1;
      res.end('internal answer');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => installOutboundPolicy(undefined));
  afterAll(async () => {
    await agent.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const policy = (options: Partial<ConstructorParameters<typeof OutboundUrlPolicy>[0]> = {}) =>
    new OutboundUrlPolicy({ allowPrivateNetworks: true, allowedHosts: [], trustedUrls: [], ...options });

  it('refuses a name that resolves to 127.0.0.1, and a loopback address, before sending anything', async () => {
    installOutboundPolicy(policy());
    const before = hits;
    for (const url of [`http://localhost:${port}/`, `http://127.0.0.1:${port}/`]) {
      const error = await refusal(url);
      expect(error?.code).toBe(OUTBOUND_REFUSED);
      expect(error?.message).toMatch(/loopback/);
    }
    expect(hits).toBe(before);
  });

  it('connects to what the deployment vouches for (its own URLs, its allow-list)', async () => {
    installOutboundPolicy(policy({ trustedUrls: [`http://127.0.0.1:${port}/ixc`] }));
    expect(await get(`http://127.0.0.1:${port}/`)).toBe('internal answer');
    installOutboundPolicy(policy({ allowedHosts: ['localhost'] }));
    expect(await get(`http://localhost:${port}/`)).toBe('internal answer');
  });

  it('leaves clients built outside the application (no policy installed) alone', async () => {
    expect(await get(`http://127.0.0.1:${port}/`)).toBe('internal answer');
  });
});

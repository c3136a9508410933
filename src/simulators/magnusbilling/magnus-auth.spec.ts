import { answeredAfterLatency } from '../../../test/support/simulated-latency';
import { startSimulators } from '../index';
import { SimulatorControl } from '../host/simulator-control';
import type { SimulatorHost } from '../host/simulator-host';
import type { MagnusData } from './magnus-state';
import { MagnusWire, phpQuery, sign, whatwgQuery, type Fields } from './magnus-wire.test-client';

const SMALL = { users: 30, ixc: { customers: 40, contracts: 50, receivables: 0 } };

interface Page {
  rows: Record<string, unknown>[] | false;
  count: number;
}

describe('MagnusBilling simulator — API access (integrations.md §2.1, §2.4, §9)', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let wire: MagnusWire;

  beforeAll(async () => {
    host = await startSimulators(['magnus'], { seed: 5, settings: { magnus: SMALL } });
    control = new SimulatorControl(host.controlUrlOf('magnus'));
    wire = new MagnusWire(`${host.urlOf('magnus')}/mbilling`);
  });
  afterAll(() => host.stop());
  beforeEach(() => control.reset());

  /** A read whose filter value carries the characters under test, so the value is really parsed. */
  const readWith = (value: string): Fields =>
    wire.fields('user', 'read', [
      ['filter', JSON.stringify([{ type: 'numeric', field: 'id', value: 0, comparison: 'gt' }])],
      ['description', value],
    ]);

  it('accepts a body encoded and signed the PHP way, with spaces, *, ~ and accents', async () => {
    const fields = readWith('Ramal * ~ São João (sala 2) 100%');
    const body = phpQuery(fields);
    expect(body).toContain('Ramal+%2A+%7E+S%C3%A3o+Jo%C3%A3o+%28sala+2%29+100%25');
    const answer = await wire.send('user/read', fields);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ count: SMALL.users });
  });

  it('refuses a body signed over WHATWG URLSearchParams when a value holds "*"', async () => {
    const fields = readWith('plano * especial');
    const body = whatwgQuery(fields);
    expect(body).toContain('plano+*+especial');
    const answer = await wire.send('user/read', fields, { body, signature: sign(body) });
    expect(answer).toEqual({
      status: 200,
      contentType: 'text/html; charset=UTF-8',
      text: 'invalid API access',
    });
  });

  it('lets URLSearchParams through when nothing differs from PHP (it encodes "~" and spaces alike)', async () => {
    const fields = readWith('Maria ~ José');
    const body = whatwgQuery(fields);
    expect(body).toBe(phpQuery(fields));
    expect((await wire.send('user/read', fields, { body })).text).toMatch(/^\{"rows"/);
  });

  it('signs the fields in the order they were sent', async () => {
    const fields = readWith('x');
    const reordered = [fields[1], fields[0], ...fields.slice(2)];
    const answer = await wire.send('user/read', fields, { signature: sign(phpQuery(reordered)) });
    expect(answer.text).toBe('invalid API access');
  });

  it('signs what PHP rebuilds, not the bytes: a lower-case %2a and a raw "!" still verify', async () => {
    const fields = readWith('a*b!c');
    const body = phpQuery(fields).replace('%2A', '%2a').replace('%21', '!');
    expect(body).toContain('a%2ab!c');
    expect((await wire.send('user/read', fields, { body, signature: sign(phpQuery(fields)) })).text).toMatch(
      /^\{"rows"/,
    );
  });

  it('needs no nonce and never checks one for replay', async () => {
    const withoutNonce = wire.fields('user', 'read').filter(([key]) => key !== 'nonce');
    expect((await wire.send('user/read', withoutNonce)).text).toMatch(/^\{"rows"/);
    const fields = wire.fields('user', 'read');
    expect((await wire.send('user/read', fields)).text).toMatch(/^\{"rows"/);
    expect((await wire.send('user/read', fields)).text).toMatch(/^\{"rows"/);
  });

  it('answers auth failures as plain text with HTTP 200 and text/html', async () => {
    const expectRefusal = async (options: Parameters<MagnusWire['call']>[3], message: string) => {
      const answer = await wire.call('user', 'read', [], options);
      expect(answer).toEqual({ status: 200, contentType: 'text/html; charset=UTF-8', text: message });
    };
    await expectRefusal({ apiKey: 'not-a-key' }, 'invalid API access');
    await expectRefusal({ signature: 'f'.repeat(128) }, 'invalid API access');
    await expectRefusal({ apiSecret: 'wrong secret' }, 'invalid API access');
    await expectRefusal({ headers: { Key: undefined } }, 'Access denied to All action in All modules');
    await expectRefusal({ headers: { Sign: undefined } }, 'Access denied to All action in All modules');
  });

  it('sees no fields in a body that is not form-encoded, so its signature fails', async () => {
    const answer = await wire.call('user', 'read', [], { contentType: 'text/plain;charset=UTF-8' });
    expect(answer.text).toBe('invalid API access');
  });

  it('refuses a disabled key like an unknown one', async () => {
    await control.modify({ action: 'setApiKey', status: 0 });
    expect((await wire.call('user', 'read')).text).toBe('invalid API access');
  });

  it('checks the permission letter of the body action: r, c (save id=0), u (save id>0), d', async () => {
    const expectLetters = async (permissions: string) => {
      await control.modify({ action: 'setApiKey', permissions });
      const calls = {
        r: wire.call('user', 'read'),
        c: wire.call('user', 'save', [
          ['id', '0'],
          ['username', `novo${permissions}x`],
          ['password', 'Senha123x'],
        ]),
        u: wire.call('user', 'save', [
          ['id', '3'],
          ['description', 'x'],
        ]),
        d: wire.call('user', 'destroy', [['id', '4']]),
      };
      for (const [letter, call] of Object.entries(calls)) {
        const text = (await call).text;
        if (permissions.includes(letter)) expect(text).not.toBe('invalid API action');
        else expect(text).toBe('invalid API action');
      }
    };
    for (const permissions of ['r', 'cu', 'd', '']) await expectLetters(permissions);
  });

  it('takes the permission from the body action, not the URL', async () => {
    await control.modify({ action: 'setApiKey', permissions: 'r' });
    const fields: Fields = [
      ['module', 'user'],
      ['action', 'read'],
      ['id', '2'],
      ['description', 'via url'],
    ];
    const answer = await wire.send('user/save', fields);
    expect(JSON.parse(answer.text)).toMatchObject({ success: true, rows: [{ description: 'via url' }] });
  });

  it('refuses a remote address outside the key allow-list with "invalid IP"', async () => {
    await control.modify({ action: 'setApiKey', ipAllowList: ['10.1.2.3'] });
    expect(await wire.call('user', 'read')).toMatchObject({ status: 200, text: 'invalid IP' });
    await control.modify({ action: 'setApiKey', ipAllowList: ['10.1.2.3', '127.0.0.1'] });
    expect((await wire.call('user', 'read')).text).toMatch(/^\{"rows"/);
  });

  it('answers a module the key group may not use with 401', async () => {
    const answer = await wire.call('did', 'read');
    expect(answer).toEqual({
      status: 401,
      contentType: 'text/html; charset=UTF-8',
      text: 'Access denied to canRead in module:did',
    });
  });

  it('accepts a second key added through the control API', async () => {
    await control.modify({ action: 'addApiKey', apiKey: 'outra', apiSecret: 'segredo', permissions: 'r' });
    const answer = await wire.call('user', 'read', [], { apiKey: 'outra', apiSecret: 'segredo' });
    expect(JSON.parse(answer.text) as Page).toMatchObject({ count: SMALL.users });
  });

  it('counts requests per module/action, refused and faulted ones included, until cleared', async () => {
    await wire.call('user', 'read');
    await wire.call('user', 'read', [], { apiKey: 'nope' });
    await wire.call('user', 'save', [
      ['id', '1'],
      ['active', '1'],
    ]);
    expect((await control.data<MagnusData>()).requestCounts).toEqual({ 'user/read': 2, 'user/save': 1 });
    await control.modify({ action: 'clearRequestCounts' });
    expect((await control.data<MagnusData>()).requestCounts).toEqual({});
  });

  it('goes through the host fault injection (latency)', async () => {
    await control.setFaults({ latencyMs: 300 });
    expect((await answeredAfterLatency(control, 300, () => wire.call('user', 'read'))).text).toMatch(
      /^\{"rows"/,
    );
    await control.setFaults({ error: { status: 503, body: 'Service Unavailable' }, times: 1 });
    expect((await wire.call('user', 'read')).status).toBe(503);
    expect((await wire.call('user', 'read')).status).toBe(200);
  });
});

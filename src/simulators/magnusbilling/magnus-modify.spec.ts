import { startSimulators } from '../index';
import { SimulatorControl, SimulatorControlError } from '../host/simulator-control';
import type { SimulatorHost } from '../host/simulator-host';
import type { MagnusData } from './magnus-state';
import { MagnusWire } from './magnus-wire.test-client';

const SMALL = { users: 12, ixc: { customers: 20, contracts: 20, receivables: 0 } };

type Row = Record<string, string | number | null>;

describe('MagnusBilling simulator — control data and modify actions', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let wire: MagnusWire;

  beforeAll(async () => {
    host = await startSimulators(['magnus'], { seed: 3, settings: { magnus: SMALL } });
    control = new SimulatorControl(host.controlUrlOf('magnus'));
    wire = new MagnusWire(`${host.urlOf('magnus')}/mbilling`);
  });
  afterAll(() => host.stop());
  beforeEach(() => control.reset());

  const refused = (body: unknown) =>
    control.modify(body).then(
      () => undefined,
      (error: unknown) => (error instanceof SimulatorControlError ? error.status : error),
    );

  it('inspects counts, active values, keys without secrets and, while small, the users without passwords', async () => {
    const data = await control.data<MagnusData>();
    expect(data.users).toBe(SMALL.users);
    expect(Object.values(data.byActive).reduce((sum, n) => sum + n, 0)).toBe(SMALL.users);
    expect(data.apiKeys).toEqual([
      { apiKey: expect.any(String), permissions: 'crud', ipAllowList: [], status: 1 },
    ]);
    expect(JSON.stringify(data)).not.toContain('apiSecret');
    expect(data.userList).toHaveLength(SMALL.users);
    expect(data.userList![0]).not.toHaveProperty('password');
    expect(data.seeded).toEqual({
      withoutContract: expect.any(Array),
      unknownContracts: expect.any(Array),
      sharedContracts: expect.any(Array),
      drift: expect.any(Array),
    });
  });

  it('sets, gets, adds and removes users, and the wire sees the changes', async () => {
    const first = await control.modify<Row>({ action: 'getUser', id: 1 });
    expect(first.password).toEqual(expect.any(String));
    await control.modify({ action: 'setUser', username: first.username, fields: { active: 4, dist: '42' } });
    const read = await wire.json<{ rows: Row[] }>('user', 'read', [
      ['filter', '[{"type":"numeric","field":"id","value":1,"comparison":"eq"}]'],
    ]);
    expect(read.rows[0]).toMatchObject({ id: 1, active: 4, dist: '42' });

    const added = await control.modify<Row>({
      action: 'addUser',
      fields: { username: 'ramal2000', dist: '7' },
    });
    expect(added).toMatchObject({ id: SMALL.users + 1, username: 'ramal2000', active: null });
    await control.modify({ action: 'removeUser', id: 2 });
    expect((await control.data<MagnusData>()).users).toBe(SMALL.users);
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    expect(await refused({ action: 'setUser', id: 1, fields: { active: 'x' } })).toBe(400);
    expect(await refused({ action: 'setUser', id: 1, fields: { contrato: '1' } })).toBe(400);
    expect(await refused({ action: 'setUser', id: 999, fields: {} })).toBe(400);
    expect(await refused({ action: 'setApiKey', permissions: 'crux' })).toBe(400);
    expect(await refused({ action: 'explode' })).toBe(400);
    const second = await control.modify<Row>({ action: 'getUser', id: 2 });
    expect(await refused({ action: 'addUser', fields: { username: second.username } })).toBe(400);
    expect((await control.data<MagnusData>()).users).toBe(SMALL.users);
  });
});

import { startSimulators } from '../index';
import { SimulatorControl } from '../host/simulator-control';
import type { SimulatorHost } from '../host/simulator-host';
import type { MagnusData } from './magnus-state';
import { MagnusWire } from './magnus-wire.test-client';

const SMALL = { users: 20, ixc: { customers: 30, contracts: 40, receivables: 0 } };

type Row = Record<string, string | number | null>;

describe('MagnusBilling simulator — user/save and user/destroy (integrations.md §2.3, §9)', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let wire: MagnusWire;

  beforeAll(async () => {
    host = await startSimulators(['magnus'], { seed: 8, settings: { magnus: SMALL } });
    control = new SimulatorControl(host.controlUrlOf('magnus'));
    wire = new MagnusWire(`${host.urlOf('magnus')}/mbilling`);
  });
  afterAll(() => host.stop());
  beforeEach(() => control.reset());

  const getUser = (id: number) => control.modify<Row>({ action: 'getUser', id });

  it('updates one record and answers it whole, password included, with PHP types', async () => {
    const before = await getUser(2);
    const answer = await wire.call('user', 'save', [
      ['id', '2'],
      ['active', '0'],
      ['dist', ' 1234 '],
      ['description', 'Bloqueio: contrato 1234 * teste'],
      ['nao_existe', 'ignored'],
    ]);
    expect(answer.contentType).toBe('text/html; charset=UTF-8');
    const body = JSON.parse(answer.text) as { success: boolean; rows: Row[]; msg: string };
    expect(Object.keys(body)).toEqual(['success', 'rows', 'msg']);
    expect(body).toMatchObject({ success: true, msg: 'Operation was successful.' });
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({
      id: 2,
      active: 0,
      dist: ' 1234 ',
      description: 'Bloqueio: contrato 1234 * teste',
      password: before.password,
      username: before.username,
    });
    expect(body.rows[0]).not.toHaveProperty('nao_existe');
    expect(await getUser(2)).toMatchObject({ active: 0, dist: ' 1234 ' });
    const restored = await wire.json<{ rows: Row[] }>('user', 'save', [
      ['id', '2'],
      ['active', '1'],
    ]);
    expect(restored.rows[0].active).toBe(1);
  });

  it('escapes like json_encode: slashes and non-ASCII as \\u escapes', async () => {
    const answer = await wire.call('user', 'save', [
      ['id', '3'],
      ['description', 'São João 1/2'],
    ]);
    expect(answer.text).toContain('"description":"S\\u00e3o Jo\\u00e3o 1\\/2"');
  });

  it('answers a missing record with the message as a key', async () => {
    const answer = await wire.call('user', 'save', [
      ['id', '9999'],
      ['active', '1'],
    ]);
    expect(answer.text).toBe('{"success":false,"rows":[],"Record not found.":null}');
  });

  it('rejects a non-integer active with a Yii validation error, and stores any integer', async () => {
    const answer = await wire.call('user', 'save', [
      ['id', '4'],
      ['active', 'bloqueado'],
    ]);
    expect(answer.text).toBe(
      '{"success":false,"rows":[],"errors":{"active":["Active must be an integer."]}}',
    );
    // PHP rebuilds `active[]` as `active[0]` before signing: only the rebuilt form verifies.
    expect(
      (
        await wire.call('user', 'save', [
          ['id', '4'],
          ['active[]', '1'],
        ])
      ).text,
    ).toBe('invalid API access');
    const array = await wire.call('user', 'save', [
      ['id', '4'],
      ['active[0]', '1'],
    ]);
    expect(JSON.parse(array.text)).toMatchObject({ errors: { active: ['Active must be an integer.'] } });
    const seven = await wire.json<{ success: boolean; rows: Row[] }>('user', 'save', [
      ['id', '4'],
      ['active', '7'],
    ]);
    expect(seven).toMatchObject({ success: true, rows: [{ active: 7 }] });
  });

  it('edits one record per call: an id array or a filter is refused in plain text', async () => {
    for (const params of [
      [
        ['id[0]', '1'],
        ['id[1]', '2'],
        ['active', '0'],
      ],
      [
        ['id', '1'],
        ['filter', '[{"type":"numeric","field":"id","value":0,"comparison":"gt"}]'],
        ['active', '0'],
      ],
    ] as [string, string][][]) {
      const answer = await wire.call('user', 'save', params);
      expect(answer).toEqual({
        status: 200,
        contentType: 'text/html; charset=UTF-8',
        text: 'You only can edit one data per time',
      });
    }
    expect((await control.data<MagnusData>()).byActive).toEqual((await startFresh()).byActive);
  });

  it('creates with id=0: active null until set, unique usernames of 4-20 characters', async () => {
    const created = await wire.json<{ success: boolean; rows: Row[] }>('user', 'save', [
      ['id', '0'],
      ['username', 'novocliente'],
      ['password', 'Xk29dlq7'],
      ['id_group', '3'],
      ['dist', '777'],
    ]);
    expect(created.success).toBe(true);
    expect(created.rows[0]).toMatchObject({
      id: SMALL.users + 1,
      username: 'novocliente',
      active: null,
      dist: '777',
    });
    expect(created.rows[0].creationdate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const taken = await wire.call('user', 'save', [
      ['id', '0'],
      ['username', 'NovoCliente'],
      ['password', 'Xk29dlq8'],
    ]);
    expect(taken.text).toBe(
      '{"success":false,"rows":[],"errors":{"username":["Username \\"NovoCliente\\" has already been taken."]}}',
    );
    const short = await wire.json<{ errors: Record<string, string[]> }>('user', 'save', [
      ['id', '0'],
      ['username', 'abc'],
      ['password', 'Xk29dlq8'],
    ]);
    expect(short.errors).toEqual({ username: ['Username is too short (minimum is 4 characters).'] });
    const blank = await wire.json<{ errors: Record<string, string[]> }>('user', 'save', [['id', '0']]);
    expect(blank.errors.username).toContain('Username cannot be blank.');
    expect(blank.errors.password).toContain('Password cannot be blank.');
  });

  it('destroys by id, answering success as the number of deleted rows', async () => {
    expect((await wire.call('user', 'destroy', [['id', '5']])).text).toBe(
      '{"success":1,"msg":"Operation was successful."}',
    );
    expect((await wire.call('user', 'destroy', [['id', '5']])).text).toBe('{"success":0,"errors":null}');
    expect((await control.data<MagnusData>()).users).toBe(SMALL.users - 1);
  });

  it('crashes on any write whose body holds a filter that does not start numeric, changing nothing', async () => {
    const before = (await control.data<MagnusData>()).users;
    const doomed = await wire.call('user', 'destroy', [
      ['filter', '[{"type":"list","field":"id","value":[7,8]}]'],
    ]);
    expect(doomed.status).toBe(500);
    expect(doomed.text).toContain('SqlInject.php(144)');
    const saved = await wire.call('user', 'save', [
      ['id', '7'],
      ['description', '[{"type":"string","value":"x"}]'],
    ]);
    expect(saved.status).toBe(500);
    expect((await control.data<MagnusData>()).users).toBe(before);
    const guarded = await wire.call('user', 'destroy', [
      [
        'filter',
        '[{"type":"numeric","field":"id","value":0,"comparison":"gt"},{"type":"list","field":"id","value":[7]}]',
      ],
    ]);
    expect(guarded.text).toBe('{"success":1,"msg":"Operation was successful."}');
    expect((await control.data<MagnusData>()).users).toBe(before - 1);
  });

  it('answers an action the user controller lacks with 404', async () => {
    expect(await wire.call('user', 'explode')).toMatchObject({ status: 404 });
  });

  /** The seeded state's data, from a second host with the same seed. */
  async function startFresh(): Promise<MagnusData> {
    const twin = await startSimulators(['magnus'], { seed: 8, settings: { magnus: SMALL } });
    try {
      return await new SimulatorControl(twin.controlUrlOf('magnus')).data<MagnusData>();
    } finally {
      await twin.stop();
    }
  }
});

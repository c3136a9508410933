import { startSimulators } from '../index';
import { SimulatorControl } from '../host/simulator-control';
import type { SimulatorHost } from '../host/simulator-host';
import { MagnusWire, type Fields } from './magnus-wire.test-client';

const SMALL = { users: 60, ixc: { customers: 70, contracts: 90, receivables: 0 } };

type Row = Record<string, string | number | null>;
interface Page {
  rows: Row[];
  count: number;
  sum: unknown;
}

const byId = { type: 'numeric', field: 'id', value: 0, comparison: 'gt' };

describe('MagnusBilling simulator — user/read (integrations.md §2.2, §9)', () => {
  let host: SimulatorHost;
  let wire: MagnusWire;
  let all: Row[];

  beforeAll(async () => {
    host = await startSimulators(['magnus'], { seed: 11, settings: { magnus: SMALL } });
    await new SimulatorControl(host.controlUrlOf('magnus')).reset();
    wire = new MagnusWire(`${host.urlOf('magnus')}/mbilling`);
    all = ((await read([['limit', '1000']])).rows as Row[])
      .slice()
      .sort((a, b) => Number(a.id) - Number(b.id));
  });
  afterAll(() => host.stop());

  const read = (params: Fields = [], query = '') =>
    wire.call('user', 'read', params, { query }).then((answer) => {
      if (!answer.text.startsWith('{')) throw new Error(`${answer.status}: ${answer.text}`);
      return JSON.parse(answer.text) as Page;
    });
  const filtered = async (...filters: object[]) => {
    const page = await read([
      ['filter', JSON.stringify(filters)],
      ['limit', '1000'],
    ]);
    return (page.rows || []).map((row) => Number(row.id)).sort((a, b) => a - b);
  };
  const ids = (rows: Row[]) => rows.map((row) => Number(row.id));

  it('prints rows with many more keys than a client needs, the clear-text password and mixed types', () => {
    expect(all).toHaveLength(SMALL.users);
    const row = all[0];
    expect(row).toMatchObject({ id: 1, id_group: 3, idGroupname: 'Cliente', idUserusername: 'root' });
    for (const column of [
      'username',
      'password',
      'credit',
      'active',
      'creationdate',
      'firstname',
      'lastname',
    ]) {
      expect(row).toHaveProperty(column);
    }
    for (const column of ['company_name', 'commercial_name', 'doc', 'vat', 'dist', 'contract_value']) {
      expect(row).toHaveProperty(column);
    }
    // What enforcement reads (id, username, active, dist, names, doc) is a small part of each row.
    expect(Object.keys(row).length).toBeGreaterThanOrEqual(9 + 18);
    for (const user of all) {
      expect(typeof user.id).toBe('number');
      expect(typeof user.id_group).toBe('number');
      expect(user.callshop).toBe('0');
      expect(user.password).toMatch(/^\w{8,12}$/);
      expect(user.credit).toMatch(/^-?\d+\.\d{4}$/);
      expect(typeof user.active).toBe('number');
      expect(String(user.username)).toMatch(/^[0-9a-z]{4,20}$/);
      expect(user.doc).toMatch(/^\d{11}$|^\d{14}$/);
      expect(user.creationdate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    expect(new Set(all.map((user) => user.username)).size).toBe(SMALL.users);
  });

  it('pages with start/limit (default 25) and counts every match', async () => {
    const first = await read();
    expect(first.count).toBe(SMALL.users);
    expect(first.rows).toHaveLength(25);
    expect(first.sum).toEqual([]);
    const pages: Row[] = [];
    for (let start = 0; start < SMALL.users; start += 25) {
      const page = await read([
        ['start', String(start)],
        ['limit', '25'],
      ]);
      expect(page.count).toBe(SMALL.users);
      pages.push(...(page.rows as Row[]));
    }
    expect(new Set(ids(pages)).size).toBe(SMALL.users);
  });

  it('answers an empty page with empty arrays, never false, and treats limit=-1 or an empty limit as "all"', async () => {
    expect(await read([['start', '1000']])).toEqual({ rows: [], count: SMALL.users, sum: [] });
    const none = JSON.stringify([byId, { type: 'numeric', field: 'id', value: 0, comparison: 'lt' }]);
    const empty = await wire.call('user', 'read', [['filter', none]]);
    expect(empty.text).toBe('{"rows":[],"count":0,"sum":[]}');
    expect((await read([['limit', '-1']])).rows).toHaveLength(SMALL.users);
    expect((await read([['limit', '']])).rows).toHaveLength(SMALL.users);
    expect((await read([['limit', '0']])).rows).toEqual([]);
  });

  it('orders by credit descending unless the URL query says otherwise; body sort is ignored', async () => {
    const credits = ((await read([['limit', '1000']])).rows as Row[]).map((row) => Number(row.credit));
    expect(credits).toEqual([...credits].sort((a, b) => b - a));
    const ignored = await read([
      ['sort', 'id'],
      ['dir', 'ASC'],
      ['limit', '5'],
    ]);
    expect(ids(ignored.rows as Row[])).not.toEqual([1, 2, 3, 4, 5]);
    const sorted = await read([['limit', '5']], '?sort=id&dir=ASC');
    expect(ids(sorted.rows as Row[])).toEqual([1, 2, 3, 4, 5]);
  });

  it.each([
    ['string', { type: 'string', field: 'username', value: 'voip', comparison: 'st' }],
    ['list', { type: 'list', field: 'id', value: [40] }],
    ['date', { type: 'date', field: 'creationdate', value: '2020-01-01', comparison: 'gt' }],
    ['boolean', { type: 'boolean', field: 'active', value: true }],
  ])("crashes with HTTP 500 and Yii's HTML error page when a %s filter comes first", async (_, first) => {
    const answer = await wire.call('user', 'read', [['filter', JSON.stringify([first, byId])]]);
    expect(answer.status).toBe(500);
    expect(answer.contentType).toBe('text/html; charset=UTF-8');
    expect(answer.text).toMatch(/^<!DOCTYPE html/);
    expect(answer.text).toContain('<h1>TypeError</h1>');
    expect(answer.text).toContain(
      'preg_match(): Argument #2 ($subject) must be of type string, stdClass given',
    );
    expect(answer.text).toContain('/var/www/html/mbilling/protected/components/SqlInject.php(144)');
    expect(answer.text).toContain('preg_match(&quot;/$code/&quot;');
    // The same filter behind a numeric one is served.
    const safe = await read([['filter', JSON.stringify([byId, first])]]);
    expect(safe.count).toBeGreaterThan(0);
  });

  it('screens the body before the API key: a bad filter crashes even with a wrong signature', async () => {
    const filter = JSON.stringify([{ type: 'list', field: 'id', value: [40] }]);
    const answer = await wire.call('user', 'read', [['filter', filter]], { signature: 'f'.repeat(128) });
    expect(answer.status).toBe(500);
    expect(answer.text).toContain('SqlInject.php(144)');
    const fine = await wire.call('user', 'read', [['filter', JSON.stringify([byId])]], {
      signature: 'f'.repeat(128),
    });
    expect(fine).toMatchObject({ status: 200, text: 'invalid API access' });
  });

  it('filters strings after a numeric filter: st, ed, ct, eq, df — case and accent blind', async () => {
    const voip = all.filter((user) => String(user.username).startsWith('voip'));
    expect(voip.length).toBeGreaterThan(0);
    expect(
      await filtered(byId, { type: 'string', field: 'username', value: 'VOIP', comparison: 'st' }),
    ).toEqual(ids(voip));
    const last = String(all[5].username).slice(-3);
    expect(
      await filtered(byId, { type: 'string', field: 'username', value: last, comparison: 'ed' }),
    ).toEqual(ids(all.filter((user) => String(user.username).endsWith(last))));
    const someone = all.find((user) => /[áéíóúãõç]/i.test(String(user.firstname)))!;
    const plain = String(someone.firstname).normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
    const sameName = all.filter((user) => user.firstname === someone.firstname);
    expect(
      await filtered(byId, { type: 'string', field: 'firstname', value: plain, comparison: 'eq' }),
    ).toEqual(ids(sameName));
    const middle = plain.slice(1, 3).toLowerCase();
    const containing = await filtered(byId, {
      type: 'string',
      field: 't.firstname',
      value: middle,
      comparison: 'ct',
    });
    expect(containing).toContain(someone.id);
    const others = await filtered(byId, {
      type: 'string',
      field: 'firstname',
      value: plain,
      comparison: 'df',
    });
    expect(others).toHaveLength(SMALL.users - sameName.length);
  });

  it('matches whitespace-only dists with dist = "" (MariaDB PAD SPACE), while LIKE sees the spaces', async () => {
    const empty = all.filter((user) => String(user.dist).trim() === '');
    const spaces = empty.filter((user) => user.dist !== '');
    expect(spaces.length).toBeGreaterThan(0);
    expect(await filtered(byId, { type: 'string', field: 'dist', value: '', comparison: 'eq' })).toEqual(
      ids(empty),
    );
    expect(await filtered(byId, { type: 'string', field: 'dist', value: ' ', comparison: 'ed' })).toEqual(
      ids(spaces),
    );
  });

  it('filters numbers with eq, lt and gt, and lists with list / notlist', async () => {
    expect(await filtered({ type: 'numeric', field: 'id', value: 7, comparison: 'eq' })).toEqual([7]);
    expect(await filtered({ type: 'numeric', field: 'id', value: '4', comparison: 'lt' })).toEqual([1, 2, 3]);
    expect(
      await filtered({ type: 'numeric', field: 'id', value: SMALL.users - 2, comparison: 'gt' }),
    ).toEqual([SMALL.users - 1, SMALL.users]);
    const active = ids(all.filter((user) => user.active === 1));
    expect(await filtered({ type: 'numeric', field: 'active', value: 1, comparison: 'eq' })).toEqual(active);
    expect(await filtered(byId, { type: 'list', field: 'id', value: [3, '5', 9] })).toEqual([3, 5, 9]);
    expect(await filtered(byId, { type: 'notlist', field: 'id', value: [1, 2] })).toHaveLength(
      SMALL.users - 2,
    );
    const blocked = ids(all.filter((user) => [2, 3, 4].includes(Number(user.active))));
    expect(await filtered(byId, { type: 'list', field: 'active', value: [2, 3, 4] })).toEqual(blocked);
  });

  it('filters booleans as (int) value and dates with eq (same day), lt and gt', async () => {
    const active = ids(all.filter((user) => user.active === 1));
    expect(await filtered(byId, { type: 'boolean', field: 'active', value: true })).toEqual(active);
    const day = String(all[9].creationdate).slice(0, 10);
    expect(
      await filtered(byId, { type: 'date', field: 'creationdate', value: day, comparison: 'eq' }),
    ).toEqual(ids(all.filter((user) => String(user.creationdate).startsWith(day))));
    expect(
      await filtered(byId, { type: 'date', field: 'creationdate', value: day, comparison: 'lt' }),
    ).toEqual(ids(all.filter((user) => String(user.creationdate) < day)));
    expect(
      await filtered(byId, {
        type: 'date',
        field: 'creationdate',
        value: `${day} 23:59:59`,
        comparison: 'gt',
      }),
    ).toEqual(ids(all.filter((user) => String(user.creationdate) > `${day} 23:59:59`)));
  });

  it('answers an unknown column with a 500 SQL error, and ignores unknown types and comparisons', async () => {
    const answer = await wire.call('user', 'read', [
      ['filter', JSON.stringify([{ type: 'numeric', field: 'contrato', value: 1, comparison: 'eq' }])],
    ]);
    expect(answer.status).toBe(500);
    expect(answer.text).toContain('<h1>CDbException</h1>');
    expect(answer.text).toContain('Unknown column &#039;t.contrato&#039; in &#039;where clause&#039;');
    expect(await filtered(byId, { type: 'fancy', field: 'id', value: 1 })).toHaveLength(SMALL.users);
    expect(await filtered(byId, { type: 'string', field: 'id', value: 1, comparison: 'zz' })).toHaveLength(
      SMALL.users,
    );
    expect((await read([['filter', 'not json']])).count).toBe(SMALL.users);
  });
});

import { DataSource } from 'typeorm';
import { call, createApiKey, tenantAdmin } from '../support/access-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedDebtor } from '../support/notification-seed';

interface Schedule {
  id: string;
  debtorId: string;
  status: string;
  statusReason: string | null;
  channel: string;
  dueAt: string;
}
interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
interface Flow {
  id: string;
  name: string;
  version: number;
  isDefault: boolean;
  steps: Array<{ key: string; offsetDays: number; channels: string[]; sendAt: string }>;
}
interface History {
  event: string;
  scheduleId: string | null;
  channel: string;
  detail: Record<string, unknown>;
}

const HOUR = 3600_000;

describe('notification-flow operators API', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: { token: string; tenantId: string };
  let other: { token: string; tenantId: string };
  let operatorToken: string;

  beforeAll(async () => {
    // no dispatch pass during the tests: what opting in plans again stays planned while it is looked at
    t = await startTestApp({ env: { NOTIFY_DISPATCH_INTERVAL_MS: '60000' } });
    db = t.app.get(DataSource);
    admin = await tenantAdmin(t, 'ops-a');
    other = await tenantAdmin(t, 'ops-b');
    const user = await call(t.url, 'POST', '/api/v1/admin/users', {
      token: admin.token,
      body: { email: 'operator@ops-a.test', password: 'operator password 1', role: 'operator' },
    });
    expect(user.status).toBe(201);
    const login = await call<{ accessToken: string }>(t.url, 'POST', '/api/v1/auth/login', {
      body: { email: 'operator@ops-a.test', password: 'operator password 1', tenant: 'ops-a' },
    });
    operatorToken = login.body.accessToken;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('flows', () => {
    const steps = [
      { key: 'D+3', offsetDays: 3, channels: ['whatsapp', 'sms'] },
      { key: 'D-3', offsetDays: -3, channels: ['email'], sendAt: '10:30' },
    ];

    it('creates, reads, versions on step changes and archives', async () => {
      const created = await call<Flow>(t.url, 'POST', '/api/v1/notifications/flows', {
        token: admin.token,
        body: { name: 'Régua curta', steps, isDefault: true },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Régua curta', version: 1, isDefault: true });
      expect(created.body.steps.map((s) => s.key)).toEqual(['D-3', 'D+3']);
      const id = created.body.id;

      const renamed = await call<Flow>(t.url, 'PUT', `/api/v1/notifications/flows/${id}`, {
        token: admin.token,
        body: { name: 'Régua curta 2' },
      });
      expect(renamed.body).toMatchObject({ name: 'Régua curta 2', version: 1 });

      const changed = await call<Flow>(t.url, 'PUT', `/api/v1/notifications/flows/${id}`, {
        token: admin.token,
        body: { steps: [...steps, { key: 'D+10', offsetDays: 10, channels: ['sms'] }] },
      });
      expect(changed.status).toBe(200);
      expect(changed.body.version).toBe(2);

      const got = await call<Flow>(t.url, 'GET', `/api/v1/notifications/flows/${id}`, {
        token: operatorToken,
      });
      expect(got.body.steps.map((s) => s.key)).toEqual(['D-3', 'D+3', 'D+10']);
      const versions = await call<{ items: Array<{ version: number; steps: unknown[] }> }>(
        t.url,
        'GET',
        `/api/v1/notifications/flows/${id}/versions`,
        { token: admin.token },
      );
      expect(versions.body.items.map((v) => [v.version, v.steps.length])).toEqual([
        [2, 3],
        [1, 2],
      ]);

      const list = await call<{ items: Flow[] }>(t.url, 'GET', '/api/v1/notifications/flows', {
        token: admin.token,
      });
      expect(list.body.items.map((f) => f.id)).toEqual([id]);
      expect(
        (await call(t.url, 'GET', '/api/v1/notifications/flows', { token: other.token })).body,
      ).toMatchObject({ items: [], total: 0 });
      expect(
        (await call(t.url, 'GET', `/api/v1/notifications/flows/${id}`, { token: other.token })).status,
      ).toBe(404);

      expect(
        (await call(t.url, 'DELETE', `/api/v1/notifications/flows/${id}`, { token: admin.token })).status,
      ).toBe(204);
      const after = await call<{ items: Flow[] }>(t.url, 'GET', '/api/v1/notifications/flows', {
        token: admin.token,
      });
      expect(after.body.items).toEqual([]);
    });

    it('answers 422 for bad steps and saves nothing', async () => {
      const before = await db.query(`SELECT count(*)::int AS n FROM notification_flow.flow_versions`);
      const bad = await call<{ code: string; problems: string[] }>(
        t.url,
        'POST',
        '/api/v1/notifications/flows',
        {
          token: admin.token,
          body: {
            name: 'Ruim',
            steps: [
              { key: 'D+1', offsetDays: 1, channels: ['fax'] },
              { key: 'D+1', offsetDays: 400, channels: ['sms'], sendAt: '25:00' },
            ],
          },
        },
      );
      expect(bad.status).toBe(422);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      expect(bad.text).toContain('unknown channel fax');
      expect(bad.text).toContain('sendAt');
      const shape = await call(t.url, 'POST', '/api/v1/notifications/flows', {
        token: admin.token,
        body: { name: 'Ruim', steps: [{ key: 'x', offsetDays: 'soon', channels: 'sms' }] },
      });
      expect(shape.status).toBe(400);
      expect(await db.query(`SELECT count(*)::int AS n FROM notification_flow.flow_versions`)).toEqual(
        before,
      );

      const ok = await call<Flow>(t.url, 'POST', '/api/v1/notifications/flows', {
        token: admin.token,
        body: { name: 'Boa', steps: [{ key: 'D0', offsetDays: 0, channels: ['whatsapp'] }] },
      });
      const badUpdate = await call(t.url, 'PUT', `/api/v1/notifications/flows/${ok.body.id}`, {
        token: admin.token,
        body: { steps: [] },
      });
      expect(badUpdate.status).toBe(422);
      const still = await call<Flow>(t.url, 'GET', `/api/v1/notifications/flows/${ok.body.id}`, {
        token: admin.token,
      });
      expect(still.body).toMatchObject({ version: 1 });
    });

    it('lets an operator read but not write flows or settings (403)', async () => {
      const create = await call(t.url, 'POST', '/api/v1/notifications/flows', {
        token: operatorToken,
        body: { name: 'Operador', steps: [{ key: 'D0', offsetDays: 0, channels: ['sms'] }] },
      });
      expect(create.status).toBe(403);
      const [flow] = (
        await call<{ items: Flow[] }>(t.url, 'GET', '/api/v1/notifications/flows', { token: admin.token })
      ).body.items;
      const put = await call(t.url, 'PUT', `/api/v1/notifications/flows/${flow!.id}`, {
        token: operatorToken,
        body: { name: 'x' },
      });
      const del = await call(t.url, 'DELETE', `/api/v1/notifications/flows/${flow!.id}`, {
        token: operatorToken,
      });
      const settings = await call(t.url, 'PUT', '/api/v1/notifications/settings', {
        token: operatorToken,
        body: { enabled: false },
      });
      expect([put.status, del.status, settings.status]).toEqual([403, 403, 403]);
      expect(
        (await call(t.url, 'GET', '/api/v1/notifications/settings', { token: operatorToken })).status,
      ).toBe(200);
      const billingKey = await createApiKey(t.url, admin.token, { scopes: ['billing:read'] });
      expect(
        (
          await call(t.url, 'POST', '/api/v1/notifications/flows', {
            apiKey: billingKey.secret,
            body: { name: 'Chave', steps: [{ key: 'D0', offsetDays: 0, channels: ['sms'] }] },
          })
        ).status,
      ).toBe(403);
    });
  });

  describe('settings', () => {
    it('reads defaults, updates and rejects bad values with 422 (nothing saved)', async () => {
      const got = await call<Record<string, unknown>>(t.url, 'GET', '/api/v1/notifications/settings', {
        token: admin.token,
      });
      expect(got.body).toMatchObject({
        enabled: true,
        extraClosedDays: [],
        businessHours: { timeZone: 'America/Sao_Paulo' },
        throttles: { whatsapp: { perMinute: 30, perDay: 2000 } },
      });
      const put = await call(t.url, 'PUT', '/api/v1/notifications/settings', {
        token: admin.token,
        body: {
          companyName: 'Provedor A',
          extraClosedDays: ['2030-12-24'],
          throttles: { sms: { perMinute: 10 } },
          businessHours: { week: [null, ...Array(5).fill({ open: '09:00', close: '17:00' }), null] },
        },
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({
        companyName: 'Provedor A',
        throttles: { sms: { perMinute: 10, perDay: null } },
      });
      expect((put.body as { businessHours: { week: unknown[] } }).businessHours.week[1]).toEqual({
        open: '09:00',
        close: '17:00',
      });
      for (const body of [
        { throttles: { sms: { perMinute: 0 } } },
        { throttles: { fax: { perMinute: 1 } } },
        { extraClosedDays: ['24/12/2030'] },
        { businessHours: { timeZone: 'Mars/Olympus' } },
        { businessHours: { week: [null, { open: '18:00', close: '08:00' }, null, null, null, null, null] } },
        { businessHours: { week: ['always'] } },
      ]) {
        const bad = await call(t.url, 'PUT', '/api/v1/notifications/settings', { token: admin.token, body });
        expect([bad.status, JSON.stringify(body)]).toEqual([422, JSON.stringify(body)]);
      }
      expect(
        (
          await call(t.url, 'PUT', '/api/v1/notifications/settings', {
            token: admin.token,
            body: { enabled: 'no' },
          })
        ).status,
      ).toBe(400);
      const after = await call(t.url, 'GET', '/api/v1/notifications/settings', { token: admin.token });
      expect(after.body).toEqual(put.body);
      const b = await call(t.url, 'GET', '/api/v1/notifications/settings', { token: other.token });
      expect(b.body).toMatchObject({ companyName: 'ops-b', throttles: { sms: { perMinute: 300 } } });
    });
  });

  describe('schedules, debtors, stats', () => {
    let a1: string[];
    let a2: string[];
    let bIds: string[];

    beforeAll(async () => {
      a1 = await seedDebtor(db, admin.tenantId, 'ixc:101', {
        schedules: [
          ['sent', 'whatsapp', -48],
          ['planned', 'whatsapp', 24],
          ['deferred', 'sms', 48],
          ['queued', 'email', 1],
        ],
      });
      a2 = await seedDebtor(db, admin.tenantId, 'ixc:102', { schedules: [['planned', 'sms', 72]] });
      // Tenant B uses the same debtor id: ids repeat across ERPs.
      bIds = await seedDebtor(db, other.tenantId, 'ixc:101', { schedules: [['planned', 'whatsapp', 24]] });
    });

    it('lists schedules with filters and paging', async () => {
      const all = await call<Page<Schedule>>(t.url, 'GET', '/api/v1/notifications/schedules', {
        token: admin.token,
      });
      expect(all.body.total).toBe(5);
      expect(all.body.items.map((s) => s.id)).toEqual([a1[0], a1[3], a1[1], a1[2], a2[0]]);
      const q = (query: string) =>
        call<Page<Schedule>>(t.url, 'GET', `/api/v1/notifications/schedules?${query}`, {
          token: operatorToken,
        });
      expect((await q('status=planned')).body.items.map((s) => s.id).sort()).toEqual([a1[1], a2[0]].sort());
      expect((await q('debtorId=ixc%3A102')).body.items.map((s) => s.id)).toEqual(a2);
      expect((await q('channel=sms')).body.items.map((s) => s.id)).toEqual([a1[2], a2[0]]);
      const from = new Date(Date.now() + 12 * HOUR).toISOString();
      const to = new Date(Date.now() + 60 * HOUR).toISOString();
      expect((await q(`from=${from}&to=${to}`)).body.items.map((s) => s.id)).toEqual([a1[1], a1[2]]);
      const page = await q('limit=2&offset=1');
      expect(page.body).toMatchObject({ total: 5, limit: 2, offset: 1 });
      expect(page.body.items.map((s) => s.id)).toEqual([a1[3], a1[1]]);
      expect((await q('status=lost')).status).toBe(400);
      expect((await q('from=yesterday')).status).toBe(400);

      const one = await call<Schedule>(t.url, 'GET', `/api/v1/notifications/schedules/${a1[1]}`, {
        token: admin.token,
      });
      expect(one.body).toMatchObject({
        id: a1[1],
        debtorId: 'ixc:101',
        status: 'planned',
        channel: 'whatsapp',
      });
      expect(
        (await call(t.url, 'GET', `/api/v1/notifications/schedules/${bIds[0]}`, { token: admin.token }))
          .status,
      ).toBe(404);
      expect(
        (await call(t.url, 'GET', '/api/v1/notifications/schedules/nope', { token: admin.token })).status,
      ).toBe(404);
    });

    it('shows a debtor (the id may be URL-encoded) with open debts and pending schedules', async () => {
      for (const path of ['ixc:101', 'ixc%3A101']) {
        const res = await call<{
          debtor: { id: string; name: string };
          openDebts: Array<{ id: string; amountCents: number; dueDate: string }>;
          pendingSchedules: Schedule[];
        }>(t.url, 'GET', `/api/v1/notifications/debtors/${path}`, { token: operatorToken });
        expect(res.status).toBe(200);
        expect(res.body.debtor).toMatchObject({ id: 'ixc:101', name: 'Cliente ixc:101' });
        expect(res.body.openDebts).toMatchObject([{ id: 'ixc:101-debt', amountCents: 9990 }]);
        expect(res.body.openDebts[0]!.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(res.body.pendingSchedules.map((s) => s.id)).toEqual([a1[3], a1[1], a1[2]]);
      }
      expect(
        (await call(t.url, 'GET', '/api/v1/notifications/debtors/ixc:999', { token: admin.token })).status,
      ).toBe(404);
    });

    it('snoozes: pending schedules deferred to the date, once; bad dates are 422/400', async () => {
      const until = new Date(Date.now() + 36 * HOUR);
      const snooze = await call<{ changed: boolean; schedules: number }>(
        t.url,
        'POST',
        '/api/v1/notifications/debtors/ixc%3A101/snooze',
        { token: operatorToken, body: { until: until.toISOString() } },
      );
      expect(snooze.status).toBe(200);
      // queued (1 h) and planned (24 h) move to `until`; deferred (48 h) stays later but was already deferred
      expect(snooze.body).toMatchObject({ changed: true, schedules: 2 });
      const rows = await db.query(
        `SELECT id, status, status_reason, due_at FROM notification_flow.schedules WHERE tenant_id = $1 AND debtor_id = 'ixc:101'`,
        [admin.tenantId],
      );
      const byId = new Map(rows.map((r: { id: string }) => [r.id, r]));
      expect(byId.get(a1[1])).toMatchObject({ status: 'deferred', status_reason: 'snooze', due_at: until });
      expect(byId.get(a1[3])).toMatchObject({ status: 'deferred', due_at: until });
      expect(byId.get(a1[0])).toMatchObject({ status: 'sent' });
      expect((byId.get(a1[2]) as { due_at: Date }).due_at.getTime()).toBeGreaterThan(until.getTime());
      const again = await call(t.url, 'POST', '/api/v1/notifications/debtors/ixc:101/snooze', {
        token: operatorToken,
        body: { until: until.toISOString() },
      });
      expect(again.body).toMatchObject({ changed: false, schedules: 0 });
      const [debtor] = await db.query(
        `SELECT snoozed_until FROM notification_flow.debtors WHERE tenant_id = $1 AND id = 'ixc:101'`,
        [admin.tenantId],
      );
      expect(debtor.snoozed_until).toEqual(until);
      for (const bad of [new Date(Date.now() - HOUR), new Date(Date.now() + 91 * 24 * HOUR)]) {
        const res = await call(t.url, 'POST', '/api/v1/notifications/debtors/ixc:101/snooze', {
          token: operatorToken,
          body: { until: bad.toISOString() },
        });
        expect(res.status).toBe(422);
      }
      expect(
        (
          await call(t.url, 'POST', '/api/v1/notifications/debtors/ixc:101/snooze', {
            token: operatorToken,
            body: { until: 'next week' },
          })
        ).status,
      ).toBe(400);
      // Tenant B's debtor with the same id is untouched.
      const [b] = await db.query(`SELECT status FROM notification_flow.schedules WHERE id = $1`, [bIds[0]]);
      expect(b).toEqual({ status: 'planned' });
    });

    it('cancels every pending schedule once, with history', async () => {
      const res = await call<{ changed: boolean; schedules: number }>(
        t.url,
        'POST',
        '/api/v1/notifications/debtors/ixc:101/cancel',
        { token: operatorToken },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ changed: true, schedules: 3 });
      const again = await call(t.url, 'POST', '/api/v1/notifications/debtors/ixc:101/cancel', {
        token: admin.token,
      });
      expect(again.body).toMatchObject({ changed: false, schedules: 0 });
      const statuses = await db.query(
        `SELECT status, status_reason FROM notification_flow.schedules WHERE id = ANY($1) ORDER BY status`,
        [a1],
      );
      expect(statuses).toEqual([
        { status: 'cancelled', status_reason: 'operator' },
        { status: 'cancelled', status_reason: 'operator' },
        { status: 'cancelled', status_reason: 'operator' },
        { status: 'sent', status_reason: null },
      ]);
      const history = await call<Page<History>>(
        t.url,
        'GET',
        '/api/v1/notifications/debtors/ixc:101/history',
        {
          token: operatorToken,
        },
      );
      expect(history.body.items.filter((h) => h.event === 'cancelled')).toHaveLength(3);
      expect(history.body.items[0]!.event).toBe('cancelled');
      expect(history.body.total).toBe(5); // 2 deferred (snooze) + 3 cancelled
      const paged = await call<Page<History>>(
        t.url,
        'GET',
        '/api/v1/notifications/debtors/ixc:101/history?limit=2&offset=4',
        {
          token: operatorToken,
        },
      );
      expect(paged.body.items.map((h) => h.event)).toEqual(['deferred']);
      expect(
        (await call(t.url, 'POST', '/api/v1/notifications/debtors/ixc:999/cancel', { token: admin.token }))
          .status,
      ).toBe(404);
    });

    it('opts out (cancelling pending schedules) and back in, idempotently', async () => {
      const out = await call<{ changed: boolean; schedules: number; optedOutAt: string }>(
        t.url,
        'POST',
        '/api/v1/notifications/debtors/ixc:102/opt-out',
        { token: operatorToken, body: { reason: 'pediu por telefone' } },
      );
      expect(out.status).toBe(200);
      expect(out.body).toMatchObject({ changed: true, schedules: 1 });
      expect(new Date(out.body.optedOutAt).toISOString()).toBe(out.body.optedOutAt);
      const twice = await call(t.url, 'POST', '/api/v1/notifications/debtors/ixc:102/opt-out', {
        token: operatorToken,
      });
      expect(twice.body).toMatchObject({ changed: false, schedules: 0 });
      const [s] = await db.query(
        `SELECT status, status_reason FROM notification_flow.schedules WHERE id = $1`,
        [a2[0]],
      );
      expect(s).toEqual({ status: 'cancelled', status_reason: 'opt_out' });
      const [d] = await db.query(
        `SELECT opted_out_at IS NOT NULL AS out, opt_out_reason FROM notification_flow.debtors WHERE tenant_id = $1 AND id = 'ixc:102'`,
        [admin.tenantId],
      );
      expect(d).toEqual({ out: true, opt_out_reason: 'pediu por telefone' });

      const inn = await call(t.url, 'POST', '/api/v1/notifications/debtors/ixc:102/opt-in', {
        token: operatorToken,
      });
      expect(inn.body).toMatchObject({ changed: true, optedOutAt: null });
      // the debtor still owes: its cycle is planned again, so a message is pending
      const shown = await call<{ pendingSchedules: Schedule[] }>(
        t.url,
        'GET',
        '/api/v1/notifications/debtors/ixc:102',
        { token: operatorToken },
      );
      expect(shown.body.pendingSchedules.length).toBeGreaterThan(0);
      expect(inn.body).toMatchObject({ schedules: shown.body.pendingSchedules.length });
      const inTwice = await call(t.url, 'POST', '/api/v1/notifications/debtors/ixc:102/opt-in', {
        token: operatorToken,
      });
      expect(inTwice.body).toMatchObject({ changed: false });
      const history = await call<Page<History>>(
        t.url,
        'GET',
        '/api/v1/notifications/debtors/ixc:102/history',
        {
          token: admin.token,
        },
      );
      expect(history.body.items.map((h) => h.event)).toEqual(['opt_in', 'cancelled', 'opt_out']);
      expect(history.body.items[2]!.detail).toMatchObject({
        source: 'operator',
        reason: 'pediu por telefone',
      });
      // B is untouched
      const [b] = await db.query(
        `SELECT opted_out_at FROM notification_flow.debtors WHERE tenant_id = $1 AND id = 'ixc:101'`,
        [other.tenantId],
      );
      expect(b).toEqual({ opted_out_at: null });
      expect(
        (
          await db.query(
            `SELECT count(*)::int AS n FROM notification_flow.contact_history WHERE tenant_id = $1`,
            [other.tenantId],
          )
        )[0],
      ).toEqual({ n: 0 });
    });

    it('counts outcomes per local day and channel, and pending schedules', async () => {
      const tz = 'America/Sao_Paulo';
      await db.query(`UPDATE access.tenants SET time_zone = $2 WHERE id = $1`, [admin.tenantId, tz]);
      // 02:30 UTC on 2030-03-10 is still 2030-03-09 in São Paulo (UTC-3)
      const insert = (event: string, channel: string, at: string) =>
        db.query(
          `INSERT INTO notification_flow.contact_history (tenant_id, debtor_id, channel, event, at) VALUES ($1, 'ixc:101', $2, $3, $4)`,
          [admin.tenantId, channel, event, at],
        );
      await insert('sent', 'whatsapp', '2030-03-10T02:30:00Z');
      await insert('sent', 'whatsapp', '2030-03-10T12:00:00Z');
      await insert('failed', 'whatsapp', '2030-03-10T12:00:01Z');
      await insert('deferred', 'sms', '2030-03-10T13:00:00Z');
      // skipped schedules count once each, whether skipped when planned (no history row) or when due
      const skippedSchedule = async (channel: string, reason: string, at: string) => {
        const [row] = (await db.query(
          `INSERT INTO notification_flow.schedules (id, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index,
             channel, type, anchor_date, planned_at, due_at, status, status_reason, updated_at)
           VALUES (gen_random_uuid(), $1, 'ixc:101', gen_random_uuid(), 1, 'D+3', 2, $2, 'overdue', '2030-03-01',
                   $4, $4, 'skipped', $3, $4)
           RETURNING id`,
          [admin.tenantId, channel, reason, at],
        )) as Array<{ id: string }>;
        return row!.id;
      };
      await skippedSchedule('email', 'no_address', '2030-03-10T14:00:00Z');
      await skippedSchedule('whatsapp', 'missed', '2030-03-10T14:00:00Z');
      const minor = await skippedSchedule('email', 'minor', '2030-03-10T15:00:00Z');
      await db.query(
        `INSERT INTO notification_flow.contact_history (tenant_id, schedule_id, debtor_id, channel, event, error, at)
         VALUES ($1, $2, 'ixc:101', 'email', 'skipped', 'minor', '2030-03-10T15:00:00Z')`,
        [admin.tenantId, minor],
      );
      await skippedSchedule('sms', 'no_consent', '2030-03-20T14:00:00Z'); // outside the range
      await insert('unknown', 'email', '2030-03-10T14:00:00Z');
      await insert('read', 'whatsapp', '2030-03-10T14:00:00Z');
      await insert('sent', 'sms', '2030-03-20T14:00:00Z'); // outside the range
      await db.query(
        `INSERT INTO notification_flow.contact_history (tenant_id, debtor_id, channel, event, at) VALUES ($1, 'ixc:101', 'sms', 'sent', '2030-03-10T12:00:00Z')`,
        [other.tenantId],
      );
      const res = await call<{ days: unknown[]; pending: Record<string, number>; timeZone: string }>(
        t.url,
        'GET',
        '/api/v1/notifications/stats?from=2030-03-09T00:00:00-03:00&to=2030-03-12T00:00:00-03:00',
        { token: operatorToken },
      );
      expect(res.status).toBe(200);
      expect(res.body.timeZone).toBe(tz);
      const none = { sent: 0, failed: 0, deferred: 0, skipped: 0, missed: 0, unknown: 0 };
      expect(res.body.days).toEqual([
        { day: '2030-03-09', channel: 'whatsapp', ...none, sent: 1 },
        { day: '2030-03-10', channel: 'email', ...none, skipped: 2, unknown: 1 },
        { day: '2030-03-10', channel: 'sms', ...none, deferred: 1 },
        { day: '2030-03-10', channel: 'whatsapp', ...none, sent: 1, failed: 1, missed: 1 },
      ]);
      // Everything of tenant A was cancelled above but the cycle ixc:102 opted back in to; B has one planned.
      const [replanned] = (await db.query(
        `SELECT count(*)::int AS n FROM notification_flow.schedules
          WHERE tenant_id = $1 AND debtor_id = 'ixc:102' AND status = 'planned'`,
        [admin.tenantId],
      )) as Array<{ n: number }>;
      expect(replanned!.n).toBeGreaterThan(0);
      expect(res.body.pending).toEqual({ planned: replanned!.n, deferred: 0, queued: 0, sending: 0 });
      const b = await call<{ pending: Record<string, number> }>(t.url, 'GET', '/api/v1/notifications/stats', {
        token: other.token,
      });
      expect(b.body.pending).toMatchObject({ planned: 1 });
      const def = await call<{ from: string; to: string }>(t.url, 'GET', '/api/v1/notifications/stats', {
        token: admin.token,
      });
      expect(new Date(def.body.to).getTime() - new Date(def.body.from).getTime()).toBe(7 * 24 * HOUR);
      expect(
        (
          await call(t.url, 'GET', '/api/v1/notifications/stats?from=2030-03-12&to=2030-03-09', {
            token: admin.token,
          })
        ).status,
      ).toBe(422);
    });
  });

  describe('channels', () => {
    interface ChannelState {
      channel: string;
      paused: boolean;
      reason: string | null;
      since: string | null;
      held: number;
    }
    const states = async (token: string) =>
      (await call<{ items: ChannelState[] }>(t.url, 'GET', '/api/v1/notifications/channels', { token })).body
        .items;

    it('shows a WhatsApp pause (since, why, what it holds) and lets an operator clear it, once', async () => {
      const held = await seedDebtor(db, admin.tenantId, 'ixc:301', {
        whatsapp: '5511987650301',
        schedules: [
          ['deferred', 'whatsapp', 1],
          ['deferred', 'whatsapp', 2],
          ['deferred', 'sms', 1],
        ],
      });
      await db.query(
        `UPDATE notification_flow.schedules SET status_reason = CASE channel WHEN 'sms' THEN 'cooldown'
                ELSE 'whatsapp_paused' END
          WHERE id = ANY($1)`,
        [held],
      );
      const pauseWhatsapp = (tenantId: string) =>
        db.query(
          `INSERT INTO notification_flow.tenant_settings (tenant_id, whatsapp_paused_at, whatsapp_pause_reason)
           VALUES ($1, now() - interval '70 minutes', 'instance regua is close')
           ON CONFLICT (tenant_id) DO UPDATE SET whatsapp_paused_at = EXCLUDED.whatsapp_paused_at,
             whatsapp_pause_reason = EXCLUDED.whatsapp_pause_reason`,
          [tenantId],
        );
      await pauseWhatsapp(admin.tenantId);
      const before = await states(operatorToken);
      expect(before.map((c) => c.channel)).toEqual(['whatsapp', 'sms', 'email']);
      expect(before[0]).toMatchObject({ paused: true, reason: 'instance regua is close', held: 2 });
      const [{ since }] = (await db.query(
        `SELECT whatsapp_paused_at AS since FROM notification_flow.tenant_settings WHERE tenant_id = $1`,
        [admin.tenantId],
      )) as Array<{ since: Date }>;
      expect(before[0]!.since).toBe(since.toISOString()); // when it paused, not when it was read
      expect(before.slice(1).every((c) => !c.paused && c.held === 0)).toBe(true);
      // another tenant sees its own channels only
      expect((await states(other.token))[0]).toMatchObject({ paused: false, held: 0 });
      await pauseWhatsapp(other.tenantId);

      const resumed = await call(t.url, 'POST', '/api/v1/notifications/channels/whatsapp/resume', {
        token: operatorToken,
      });
      expect(resumed.status).toBe(200);
      expect(resumed.body).toEqual({ channel: 'whatsapp', changed: true, released: 2 });
      const rows = (await db.query(
        `SELECT channel, status, due_at <= now() AS due FROM notification_flow.schedules WHERE id = ANY($1)
          ORDER BY channel`,
        [held],
      )) as Array<{ channel: string; status: string; due: boolean }>;
      expect(rows).toEqual([
        { channel: 'sms', status: 'deferred', due: false }, // not held by the pause: untouched
        { channel: 'whatsapp', status: 'deferred', due: true },
        { channel: 'whatsapp', status: 'deferred', due: true },
      ]);
      expect((await states(operatorToken))[0]).toMatchObject({ paused: false, reason: null, since: null });
      expect((await states(other.token))[0]).toMatchObject({ paused: true }); // only the caller's tenant
      const again = await call(t.url, 'POST', '/api/v1/notifications/channels/whatsapp/resume', {
        token: operatorToken,
      });
      expect(again.body).toMatchObject({ changed: false });
      expect(
        (await call(t.url, 'POST', '/api/v1/notifications/channels/sms/resume', { token: operatorToken }))
          .status,
      ).toBe(404);
    });
  });
});

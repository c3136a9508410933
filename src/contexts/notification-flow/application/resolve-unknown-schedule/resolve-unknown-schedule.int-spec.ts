import { call, tenantAdmin } from '../../../../../test/support/access-client';
import { DunningSlice } from '../../../../../test/support/dunning-slice';

/** `POST /api/v1/notifications/schedules/{id}/resolve`: operators settle `unknown` schedules. */
describe('resolving unknown schedules (HTTP, real Postgres)', () => {
  const slice = new DunningSlice();
  let admin: { token: string; userId: string };
  let other: { token: string };

  beforeAll(async () => {
    await slice.start();
    admin = await tenantAdmin(slice.t, 'demo', 'ops@demo.test');
    other = await tenantAdmin(slice.t, 'other-tenant');
  });
  afterAll(() => slice.stop());
  beforeEach(() => slice.reset());

  const resolve = (id: string, body: unknown, token = admin.token) =>
    call(slice.t.url, 'POST', `/api/v1/notifications/schedules/${id}/resolve`, { token, body });
  const unknown = async () => {
    const id = await slice.seed('unknown');
    await slice.db.query(
      `UPDATE notification_flow.schedules SET status_reason = 'EMAIL_TIMEOUT' WHERE id = $1`,
      [id],
    );
    return id;
  };
  const audit = async (id: string) =>
    (await slice.db.query(
      `SELECT event, detail FROM notification_flow.contact_history WHERE schedule_id = $1 ORDER BY at`,
      [id],
    )) as Array<{ event: string; detail: Record<string, unknown> }>;

  it('mark_sent records the contact, with who said so; a second resolution is 409', async () => {
    const id = await unknown();
    const res = await resolve(id, { action: 'mark_sent' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id, status: 'sent', action: 'mark_sent' });
    expect(await slice.state(id)).toMatchObject({ status: 'sent', status_reason: 'resolved_by_operator' });
    expect(await audit(id)).toEqual([
      {
        event: 'resolved',
        detail: { action: 'mark_sent', by: `user:${admin.userId}`, unknownReason: 'EMAIL_TIMEOUT' },
      },
    ]);
    const [debtor] = (await slice.db.query(
      `SELECT last_contact_at FROM notification_flow.debtors WHERE id = $1`,
      [await slice.debtorOf(id)],
    )) as Array<{ last_contact_at: Date | null }>;
    expect(debtor!.last_contact_at).not.toBeNull();

    const again = await resolve(id, { action: 'resend' });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(again.body).toMatchObject({ code: 'NOTIFICATION_FLOW.SCHEDULE_NOT_UNKNOWN' });
    expect((await slice.state(id)).status).toBe('sent');
  });

  it('resend plans it again: it goes out once, through the usual checks', async () => {
    const id = await unknown();
    const res = await resolve(id, { action: 'resend' });
    expect(res.status).toBe(200);
    expect(await slice.state(id)).toMatchObject({ status: 'planned', status_reason: 'operator_resend' });

    await slice.dispatch();
    expect((await slice.state(id)).status).toBe('queued');
    await slice.send([id]);
    expect((await slice.state(id)).status).toBe('sent');
    expect(await slice.deliveries(id)).toBe(1);
    expect((await audit(id)).map((h) => h.event)).toEqual(['resolved', 'sent']);
  });

  it('409 for a schedule that is not unknown, 404 for another tenant’s or a malformed id, 400 for a bad action', async () => {
    const planned = await slice.seed('planned');
    expect((await resolve(planned, { action: 'mark_sent' })).status).toBe(409);

    const id = await unknown();
    expect((await resolve(id, { action: 'mark_sent' }, other.token)).status).toBe(404);
    expect((await resolve('not-a-uuid', { action: 'mark_sent' })).status).toBe(404);
    for (const body of [{ action: 'delete' }, {}, { action: ['mark_sent'] }]) {
      const res = await resolve(id, body);
      expect([res.status, res.headers.get('content-type')]).toEqual([
        400,
        expect.stringMatching(/problem\+json/),
      ]);
    }
    expect(await slice.state(id)).toMatchObject({ status: 'unknown' });
    expect(await slice.state(planned)).toMatchObject({ status: 'planned' });
    expect(await audit(id)).toEqual([]);
  });
});

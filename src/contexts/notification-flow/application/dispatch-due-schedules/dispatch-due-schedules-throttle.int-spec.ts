import { DunningSlice } from '../../../../../test/support/dunning-slice';
import { NotificationMetrics } from '../notification-metrics';

/** `regua_notifications_throttled_total` counts messages held back, once per hold (not per pass). */
describe('throttled messages are counted once per hold (real Postgres)', () => {
  const slice = new DunningSlice();
  beforeAll(() => slice.start());
  afterAll(() => slice.stop());
  beforeEach(() => slice.reset());

  const throttled = async (): Promise<number> => {
    const metric = await slice.t.app.get(NotificationMetrics).throttled.get();
    return metric.values.find((v) => v.labels.channel === 'email')?.value ?? 0;
  };
  const statuses = async (ids: string[]) =>
    (
      (await slice.db.query(
        `SELECT status, status_reason FROM notification_flow.schedules WHERE id = ANY($1::uuid[]) ORDER BY status`,
        [ids],
      )) as Array<{ status: string; status_reason: string | null }>
    ).map((r) => `${r.status}/${r.status_reason ?? '-'}`);

  it('by the dispatcher: five due at one a minute, looked at in three passes = four held', async () => {
    await slice.setThrottle(1);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await slice.seed('planned'));
    const before = await throttled();
    // Each pass comes after the previous one's push-back (5 s): the held rows are looked at again.
    const start = Date.now();
    for (const offset of [0, 6_000, 12_000]) await slice.dispatch(new Date(start + offset));

    expect(await throttled()).toBe(before + 4);
    expect(await statuses(ids)).toEqual([...Array(4).fill('planned/throttled'), 'queued/-']);
  });

  it('by the worker: three queued beyond the room are held once each', async () => {
    await slice.setThrottle(1);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await slice.seed('queued'));
    const before = await throttled();
    await slice.send(ids);
    // when their retry time comes (the window is still full), the dispatcher sees them held already
    const start = Date.now();
    for (const offset of [0, 62_000]) await slice.dispatch(new Date(start + offset));

    expect(await throttled()).toBe(before + 3);
    expect(await statuses(ids)).toEqual([...Array(3).fill('planned/throttled'), 'sent/-']);
  });

  it('a pass queues a few seconds of a key ahead of its workers, not its whole minute; the rest is not held', async () => {
    // 600 a minute, a pass every second: 4 s of its rate (40) may wait in the queue
    await slice.setThrottle(600);
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push(await slice.seed('planned'));
    const before = await throttled();
    const count = async (status: string) => (await statuses(ids)).filter((s) => s === status).length;

    expect(await slice.dispatch()).toBe(40);
    expect(await count('queued/-')).toBe(40);
    expect(await count('planned/-')).toBe(60);
    // no worker took them: the next pass adds nothing
    expect(await slice.dispatch()).toBe(0);
    // nothing was held by the throttle (the minute has room for all of them)
    expect(await throttled()).toBe(before);
  });
});

import { DunningSlice } from '../../../../../test/support/dunning-slice';
import { CommandBus } from '@nestjs/cqrs';
import { SweepStaleSchedulesCommand } from './sweep-stale-schedules.command';

/** Schedules stuck in `queued`/`sending` (lost message, dead worker) against real Postgres. */
describe('SweepStaleSchedulesCommand (real Postgres, SendGrid simulator)', () => {
  // No relay: the messages the sweep publishes stay in the outbox, where the test reads them.
  const slice = new DunningSlice();
  beforeAll(() => slice.start({ OUTBOX_RELAY_ENABLED: 'false' }));
  afterAll(() => slice.stop());
  beforeEach(() => slice.reset());

  const sweep = () => slice.t.app.get(CommandBus).execute(new SweepStaleSchedulesCommand());
  /** The row was last touched this long ago (the message was lost / the worker died then). */
  const age = (id: string, minutes: number) =>
    slice.db.query(
      `UPDATE notification_flow.schedules
          SET updated_at = now() - $2 * interval '1 minute', sending_at = now() - $2 * interval '1 minute'
        WHERE id = $1`,
      [id, minutes],
    );
  const outboxFor = async (id: string) =>
    (
      (await slice.db.query(`SELECT routing_key FROM messaging.outbox WHERE payload->>'scheduleId' = $1`, [
        id,
      ])) as Array<{ routing_key: string }>
    ).map((r) => r.routing_key);

  it('stale queued schedules stop eating the throttle room, and are planned again', async () => {
    await slice.setThrottle(2);
    const lost = [await slice.seed('queued'), await slice.seed('queued')];
    for (const id of lost) await age(id, 30);
    const fresh = await slice.seed('planned');

    // Two lost messages "in flight" must not keep the tenant's one new message back.
    await slice.dispatch();
    expect(await slice.state(fresh)).toMatchObject({ status: 'queued' });

    const recent = await slice.seed('queued');
    expect(await sweep()).toEqual({ requeued: 2, reconciled: 0 });
    for (const id of lost)
      expect(await slice.state(id)).toMatchObject({ status: 'planned', status_reason: 'stale_queued' });
    expect((await slice.state(recent)).status).toBe('queued');
    // swept rows are fresh again: the next pass leaves them to the dispatcher
    expect(await sweep()).toEqual({ requeued: 0, reconciled: 0 });
  });

  it('a stale sending schedule goes back to its worker, which asks the provider before sending it once', async () => {
    const id = await slice.seed('queued');
    // A claim whose worker died before the provider call: `sending`, committed, and nothing redelivered.
    await slice.db.query(
      `UPDATE notification_flow.schedules SET status = 'sending', attempts = 1 WHERE id = $1`,
      [id],
    );
    await age(id, 30);

    expect(await sweep()).toEqual({ requeued: 0, reconciled: 1 });
    expect(await slice.state(id)).toMatchObject({ status: 'sending', status_reason: 'stale_sending' });
    expect(await outboxFor(id)).toEqual(['notification_flow.email.due.v1']);

    // the published message, delivered: no record at SendGrid → planned again → dispatched → sent once
    await slice.send([id]);
    expect(await slice.state(id)).toMatchObject({ status: 'planned', status_reason: 'not_at_provider' });
    await slice.dispatch();
    await slice.send([id]);
    expect((await slice.state(id)).status).toBe('sent');
    expect(await slice.deliveries(id)).toBe(1);
  });
});

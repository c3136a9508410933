import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DunningSlice } from '../../../../../test/support/dunning-slice';
import { eventually } from '../../../../../test/support/eventually';
import type { TestApp } from '../../../../../test/support/test-app';
import type { SimulatorControl } from '../../../../simulators';
import type { Channel } from '../../domain/cadence';
import { ChannelProviders, type ChannelSender, type OutgoingMessage } from '../ports/channel-providers';
import { NotificationSettingsStore } from '../settings/notification-settings';
import { BillingMessages } from './billing-message';
import { ClaimBatch } from './claim-batch';
import { DeliverMessage } from './deliver-message';
import { RetryLaterError, SendMessageCommand, type SendRequest } from './send-message.command';
import { SendMessageHandler } from './send-message.handler';
import { SettleBatch } from './settle-batch';
import { TemplateContexts } from './template-context';

const never = () => new Promise<never>(() => undefined);

/** Where a worker process "dies": the rest of its batch never runs (the promise is abandoned). */
type CrashPoint = 'before_provider_call' | 'after_provider_call';

/** The tenant's real provider clients; the process stops at `at` (nothing after it runs). */
class CrashingProviders extends ChannelProviders {
  constructor(
    private readonly real: ChannelProviders,
    private readonly at: CrashPoint,
  ) {
    super();
  }

  async sender(...args: Parameters<ChannelProviders['sender']>): Promise<ChannelSender | null> {
    const sender = await this.real.sender(...args);
    if (!sender) return null;
    const at = this.at;
    return {
      provider: sender.provider,
      lookup: sender.lookup?.bind(sender),
      async send(message: OutgoingMessage) {
        if (at === 'after_provider_call') await sender.send(message);
        return never();
      },
    };
  }

  whatsappState(...args: Parameters<ChannelProviders['whatsappState']>) {
    return this.real.whatsappState(...args);
  }
}

/**
 * The channel worker against real Postgres and the SendGrid simulator (demo tenant), crash windows
 * included: a "crashed" worker is one whose batch is abandoned at the crash point, and the redelivery
 * RabbitMQ would make is handed to the app's own worker. Deliveries are counted at the simulator.
 */
describe('SendMessageCommand (real Postgres, SendGrid simulator)', () => {
  const slice = new DunningSlice();
  let t: TestApp;
  let db: DataSource;
  let sendgrid: SimulatorControl;
  let tenantId: string;
  let bus: CommandBus;

  beforeAll(async () => {
    await slice.start();
    ({ t, db, sendgrid, tenantId } = slice);
    bus = t.app.get(CommandBus);
  });
  afterAll(() => slice.stop());
  beforeEach(() => slice.reset());

  const setThrottle = (perMinute: number | null) => slice.setThrottle(perMinute);
  const seed = (status?: string, email?: string | null) => slice.seed(status, email);
  const state = (id: string) => slice.state(id);
  const deliveries = (id: string) => slice.deliveries(id);
  const debtorOf = (id: string) => slice.debtorOf(id);

  /** What a channel queue consumer does with a delivery: dispatch the send command. */
  const send = (channel: Channel, requests: SendRequest[]) =>
    bus.execute(new SendMessageCommand(channel, requests));

  /** The app's handler, but sending through `providers`. */
  const handlerWith = (providers: ChannelProviders): SendMessageHandler =>
    new SendMessageHandler(
      db,
      providers,
      t.app.get(NotificationSettingsStore),
      t.app.get(ClaimBatch),
      t.app.get(DeliverMessage),
      t.app.get(TemplateContexts),
      t.app.get(BillingMessages),
      t.app.get(SettleBatch),
      t.config,
    );

  const request = (scheduleId: string, attempt = 1, replay = false): SendRequest => ({
    tenantId,
    scheduleId,
    attempt,
    ...(replay ? { replay } : {}),
  });

  /** A worker whose process dies at `at`: its batch is left where the crash left it. */
  function crashingWorker(at: CrashPoint): SendMessageHandler {
    return handlerWith(new CrashingProviders(t.app.get(ChannelProviders), at));
  }

  /** Runs the crashing worker on `id` until the crash point is reached. */
  async function crash(id: string, at: CrashPoint): Promise<void> {
    void crashingWorker(at).execute(new SendMessageCommand('email', [request(id)]));
    await waitFor(async () => (await state(id)).status === 'sending', 'the sending mark');
    if (at === 'after_provider_call') await waitFor(async () => (await deliveries(id)) === 1, 'the provider');
  }

  /** The crash happened long ago (older than NOTIFY_RECONCILE_AFTER_MS and the throttle window). */
  async function ageMark(id: string): Promise<void> {
    await db.query(
      `UPDATE notification_flow.schedules SET sending_at = now() - interval '1 hour', updated_at = now() - interval '1 hour'
        WHERE id = $1`,
      [id],
    );
    await db.query(
      `UPDATE notification_flow.throttle_sends SET at = now() - interval '1 hour' WHERE schedule_id = $1`,
      [id],
    );
  }

  /** The scheduler's part: one dispatch pass, then the queued messages handed to the worker. */
  async function dispatchAndSend(): Promise<void> {
    await slice.dispatch();
    const queued = (await db.query(
      `SELECT id FROM notification_flow.schedules WHERE tenant_id = $1 AND status = 'queued'`,
      [tenantId],
    )) as Array<{ id: string }>;
    if (queued.length > 0)
      await send(
        'email',
        queued.map((q) => request(q.id)),
      );
  }

  describe('crash windows', () => {
    it('after the sending commit: waits for the provider, then plans it again and sends it once', async () => {
      const id = await seed();
      await crash(id, 'before_provider_call');

      // A redelivery soon after: the provider may still be receiving it, so nothing is sent yet.
      await expect(send('email', [request(id, 2)])).rejects.toBeInstanceOf(RetryLaterError);
      expect(await state(id)).toMatchObject({ status: 'sending', attempts: 1 });

      await ageMark(id);
      await send('email', [request(id, 3)]);
      expect(await state(id)).toMatchObject({ status: 'planned', status_reason: 'not_at_provider' });
      expect(await deliveries(id)).toBe(0);

      await dispatchAndSend();
      expect(await state(id)).toMatchObject({ status: 'sent', status_reason: null, attempts: 2 });
      expect(await deliveries(id)).toBe(1);
    });

    it('after the provider call: the redelivery finds it at the provider and never sends it again', async () => {
      const id = await seed();
      await crash(id, 'after_provider_call');

      await send('email', [request(id, 2)]);
      expect(await state(id)).toMatchObject({ status: 'sent', status_reason: 'reconciled', attempts: 1 });
      expect(await deliveries(id)).toBe(1);
      const history = (await db.query(
        `SELECT event, detail FROM notification_flow.contact_history WHERE schedule_id = $1`,
        [id],
      )) as Array<{ event: string; detail: Record<string, unknown> }>;
      expect(history).toEqual([{ event: 'sent', detail: { reconciled: true } }]);
    });

    it('before the settle commits: the rolled-back settle is reconciled on redelivery, one delivery', async () => {
      const id = await seed();
      // The settle transaction dies after the provider answered (here: its history insert fails).
      await db.query(`
        CREATE FUNCTION notification_flow.fail_settle() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN RAISE EXCEPTION 'the process died while settling'; END $$`);
      await db.query(`
        CREATE TRIGGER fail_settle BEFORE INSERT ON notification_flow.contact_history
          FOR EACH ROW EXECUTE FUNCTION notification_flow.fail_settle()`);
      try {
        await expect(send('email', [request(id)])).rejects.toThrow(/died while settling/);
      } finally {
        await db.query(`DROP TRIGGER fail_settle ON notification_flow.contact_history`);
        await db.query(`DROP FUNCTION notification_flow.fail_settle()`);
      }
      expect(await state(id)).toMatchObject({ status: 'sending' });
      expect(await deliveries(id)).toBe(1);

      await send('email', [request(id, 2)]);
      expect(await state(id)).toMatchObject({ status: 'sent', status_reason: 'reconciled' });
      expect(await deliveries(id)).toBe(1);
    });
  });

  describe('a re-send after reconciliation', () => {
    it.each([
      [
        'paid',
        `UPDATE notification_flow.debts SET status = 'paid', open_cents = 0 WHERE debtor_id = $1`,
        'cancelled',
      ],
      ['opted out', `UPDATE notification_flow.debtors SET opted_out_at = now() WHERE id = $1`, 'cancelled'],
      [
        'snoozed',
        `UPDATE notification_flow.debtors SET snoozed_until = now() + interval '2 days' WHERE id = $1`,
        'deferred',
      ],
      [
        'a minor',
        `UPDATE notification_flow.debtors SET birth_date = current_date - 3650 WHERE id = $1`,
        'skipped',
      ],
    ])('re-checks the stop conditions first (debtor %s since the crash)', async (_what, change, expected) => {
      const id = await seed();
      await crash(id, 'before_provider_call');
      await db.query(change, [await debtorOf(id)]);
      await ageMark(id);

      await send('email', [request(id, 2)]);
      await dispatchAndSend();
      expect((await state(id)).status).toBe(expected);
      expect(await deliveries(id)).toBe(0);
    });

    it('takes a throttle slot: a full window holds it back', async () => {
      await setThrottle(1);
      const crashed = await seed();
      await crash(crashed, 'before_provider_call');
      await ageMark(crashed);
      // Another message takes the tenant's only slot of the minute.
      const other = await seed();
      await send('email', [request(other)]);
      expect(await deliveries(other)).toBe(1);

      await send('email', [request(crashed, 2)]);
      await dispatchAndSend();
      expect(await state(crashed)).toMatchObject({ status: 'planned', status_reason: 'throttled' });
      expect(await deliveries(crashed)).toBe(0);
    });
  });

  describe('settling', () => {
    /** A worker whose provider call waits until released, so the row can change in the meantime. */
    function gatedWorker(): { worker: SendMessageHandler; release: () => void } {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const real = t.app.get(ChannelProviders);
      const providers = new (class extends ChannelProviders {
        async sender(...args: Parameters<ChannelProviders['sender']>): Promise<ChannelSender | null> {
          const sender = (await real.sender(...args))!;
          return {
            provider: sender.provider,
            send: async (message) => {
              await gate;
              return sender.send(message);
            },
          };
        }
        whatsappState(...args: Parameters<ChannelProviders['whatsappState']>) {
          return real.whatsappState(...args);
        }
      })();
      return { worker: handlerWith(providers), release };
    }

    it('a transient failure does not overwrite a schedule cancelled meanwhile (no lost update)', async () => {
      const id = await seed();
      const { worker: gated, release } = gatedWorker();
      const sending = gated.execute(new SendMessageCommand('email', [request(id)]));
      await waitFor(async () => (await state(id)).status === 'sending', 'the sending mark');
      await db.query(
        `UPDATE notification_flow.schedules SET status = 'cancelled', status_reason = 'operator' WHERE id = $1`,
        [id],
      );
      await sendgrid.setFaults({
        error: { status: 503, body: { errors: [] } },
        pathPattern: '^/v3/mail/send',
      });
      release();
      await sending;
      await sendgrid.clearFaults();
      expect(await state(id)).toMatchObject({ status: 'cancelled', status_reason: 'operator' });
    });

    it('a send settled by another delivery meanwhile is left as it is, and not written twice', async () => {
      const id = await seed();
      const { worker: gated, release } = gatedWorker();
      const sending = gated.execute(new SendMessageCommand('email', [request(id)]));
      await waitFor(async () => (await state(id)).status === 'sending', 'the sending mark');
      // another worker settled it (e.g. a redelivery that reconciled it)
      await db.query(
        `UPDATE notification_flow.schedules SET status = 'sent', status_reason = 'reconciled' WHERE id = $1`,
        [id],
      );
      release();
      await sending;
      expect(await state(id)).toMatchObject({ status: 'sent', status_reason: 'reconciled' });
      const [history] = (await db.query(
        `SELECT count(*)::int AS n FROM notification_flow.contact_history WHERE schedule_id = $1`,
        [id],
      )) as Array<{ n: number }>;
      expect(history!.n).toBe(0);
    });
  });

  describe('replaying a dead-lettered message', () => {
    it('sends a schedule that failed on its last attempt', async () => {
      const id = await seed();
      await sendgrid.setFaults({
        error: { status: 503, body: { errors: [] } },
        pathPattern: '^/v3/mail/send',
      });
      await expect(send('email', [request(id, t.config.MESSAGING_MAX_ATTEMPTS)])).rejects.toBeInstanceOf(
        RetryLaterError,
      );
      await sendgrid.clearFaults();
      expect((await state(id)).status).toBe('failed');

      // The same message redelivered without a replay stays a no-op.
      await send('email', [request(id, 1)]);
      expect((await state(id)).status).toBe('failed');

      await send('email', [request(id, 1, true)]);
      expect(await state(id)).toMatchObject({ status: 'sent' });
      expect(await deliveries(id)).toBe(1);
    });

    it('still honours the stop conditions', async () => {
      const id = await seed('failed');
      await db.query(`UPDATE notification_flow.debtors SET opted_out_at = now() WHERE id = $1`, [
        await debtorOf(id),
      ]);
      await send('email', [request(id, 1, true)]);
      expect(await state(id)).toMatchObject({ status: 'cancelled', status_reason: 'opted_out' });
      expect(await deliveries(id)).toBe(0);
    });

    it('asks the provider first about an unknown schedule: found = sent, never twice', async () => {
      const id = await seed();
      await crash(id, 'after_provider_call');
      await db.query(
        `UPDATE notification_flow.schedules SET status = 'unknown', status_reason = 'EMAIL_TIMEOUT' WHERE id = $1`,
        [id],
      );
      await send('email', [request(id, 1, true)]);
      expect(await state(id)).toMatchObject({ status: 'sent', status_reason: 'reconciled' });
      expect(await deliveries(id)).toBe(1);
    });

    it('plans an unknown schedule the provider has no record of again, and it goes out', async () => {
      const id = await seed();
      await crash(id, 'before_provider_call');
      await db.query(
        `UPDATE notification_flow.schedules SET status = 'unknown', status_reason = 'EMAIL_TIMEOUT' WHERE id = $1`,
        [id],
      );
      await send('email', [request(id, 1, true)]);
      expect(await state(id)).toMatchObject({ status: 'planned', status_reason: 'not_at_provider' });
      await dispatchAndSend();
      expect((await state(id)).status).toBe('sent');
      expect(await deliveries(id)).toBe(1);
    });
  });

  describe('permanent failures', () => {
    it('are logged once each, with their reason (a quoted phone number cut short)', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        const refused = await seed();
        const unreachable = await seed('queued', null);
        await sendgrid.setFaults({
          error: {
            status: 400,
            body: {
              errors: [
                {
                  field: 'personalizations.0.to.0.email',
                  message: 'Does not contain a valid address (tried 5511987654321).',
                },
              ],
            },
          },
          pathPattern: '^/v3/mail/send',
          times: 1,
        });
        await send('email', [request(refused), request(unreachable)]);
        await sendgrid.clearFaults();
        const permanent = warn.mock.calls.filter(([, message]) =>
          String(message).startsWith('Permanent email failure'),
        );
        expect(
          permanent.map(([fields, message]) => [(fields as { scheduleId: string }).scheduleId, message]),
        ).toEqual(
          expect.arrayContaining([
            [unreachable, expect.stringContaining('no_address')],
            [refused, expect.stringMatching(/INVALID_ADDRESS.*Does not contain a valid address/)],
          ]),
        );
        expect(permanent).toHaveLength(2);
        expect(JSON.stringify(permanent)).toContain('tried 5511…');
        expect(JSON.stringify(permanent)).not.toContain('5511987654321');
      } finally {
        warn.mockRestore();
      }
    });
  });
});

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  await eventually(async () => (await check()) || undefined, { description: what, timeoutMs: 15_000 });
}

import { DataSource } from 'typeorm';
import { call, tenantAdmin } from '../support/access-client';
import { eventually } from '../support/eventually';
import {
  BrokenConsumer,
  EFFECTS_DDL,
  EmitThingHttpModule,
  MessagingFixturesModule,
  ThingHappenedEvent,
} from '../support/messaging-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { Outbox } from '../../src/platform/messaging/outbox';

interface Page {
  items: Array<{ id: string; consumer: string; attempts: number; error: string; replayedAt: string | null }>;
  total: number;
}

describe('messaging through the HTTP API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      extraModules: [MessagingFixturesModule, EmitThingHttpModule],
      env: { MESSAGING_RETRY_DELAYS_MS: '50', OUTBOX_POLL_INTERVAL_MS: '50' },
    });
    await t.app.get(DataSource).query(EFFECTS_DDL);
  });
  afterAll(() => t?.close());

  it('lists a dead-lettered message (filtered by consumer, paged) and replays it to that consumer', async () => {
    BrokenConsumer.repaired = false;
    const admin = await tenantAdmin(t, 'dlq-isp');
    const event = new ThingHappenedEvent(admin.tenantId, { n: 42, kind: 'broken' });
    await t.app.get(DataSource).transaction((tx) => t.app.get(Outbox).publish(tx, [event]));

    const page = await eventually(async () => {
      const res = await call<Page>(
        t.url,
        'GET',
        '/api/v1/admin/dead-letters?consumer=fixture.broken&limit=10',
        {
          token: admin.token,
        },
      );
      return res.status === 200 && res.body.total === 1 && res.body;
    });
    expect(page.items[0]).toMatchObject({ consumer: 'fixture.broken', attempts: 3, replayedAt: null });
    expect(page.items[0]?.error).toContain('downstream rejected the message');

    const other = await call<Page>(t.url, 'GET', '/api/v1/admin/dead-letters?consumer=fixture.audit', {
      token: admin.token,
    });
    expect(other.body.total).toBe(0);

    BrokenConsumer.repaired = true;
    const id = page.items[0]?.id as string;
    const replay = await call(t.url, 'POST', `/api/v1/admin/dead-letters/${id}/replay`, {
      token: admin.token,
    });
    expect(replay.status).toBe(202);
    await eventually(async () => {
      const rows = (await t.app
        .get(DataSource)
        .query(`SELECT 1 FROM public.effects WHERE consumer = 'fixture.broken' AND n = 42`)) as unknown[];
      return rows.length === 1;
    });
    const again = await call(t.url, 'POST', `/api/v1/admin/dead-letters/${id}/replay`, {
      token: admin.token,
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'MESSAGING.DEAD_LETTER_ALREADY_REPLAYED' });
  });

  it('carries the correlation id of an HTTP request to the event, the broker message and the consumer', async () => {
    const res = await fetch(`${t.url}/api/fixture/things/77/happened`, {
      method: 'POST',
      headers: { 'x-correlation-id': 'http-corr-77-abcdef' },
    });
    expect(res.status).toBe(202);
    const { messageId } = (await res.json()) as { messageId: string };
    const rows = await eventually(async () => {
      const found = (await t.app
        .get(DataSource)
        .query(
          `SELECT consumer, correlation_id, scope_correlation_id, causation_id FROM public.effects WHERE n = 77 ORDER BY consumer`,
        )) as unknown[];
      return found.length === 2 && found;
    });
    expect(rows).toEqual(
      ['fixture.audit', 'fixture.billing'].map((consumer) => ({
        consumer,
        correlation_id: 'http-corr-77-abcdef',
        scope_correlation_id: 'http-corr-77-abcdef',
        causation_id: messageId,
      })),
    );
  });

  it('rejects bad input and unauthenticated callers with problem+json', async () => {
    const admin = await tenantAdmin(t, 'dlq-other');
    expect((await call(t.url, 'GET', '/api/v1/admin/dead-letters')).status).toBe(401);
    const badLimit = await call(t.url, 'GET', '/api/v1/admin/dead-letters?limit=5000', {
      token: admin.token,
    });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body).toMatchObject({ code: 'HTTP.VALIDATION_FAILED' });
    const badId = await call(t.url, 'POST', '/api/v1/admin/dead-letters/not-a-uuid/replay', {
      token: admin.token,
    });
    expect(badId.status).toBe(400);
    const missing = await call(
      t.url,
      'POST',
      '/api/v1/admin/dead-letters/00000000-0000-4000-8000-00000000dead/replay',
      { token: admin.token },
    );
    expect(missing.status).toBe(404);
  });
});

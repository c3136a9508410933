import { QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { GetContractStatusesQuery, type ContractStatus } from '../../src/contexts/sync-ixc/contracts';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import { IXC_DEMO_CREDENTIALS, SimulatorControl } from '../../src/simulators';
import { call, tenantAdmin } from '../support/access-client';
import { eventually } from '../support/eventually';
import { startTestApp, type TestApp } from '../support/test-app';

interface Run {
  id: string;
  status: string;
  error: string | null;
  progress: Record<
    string,
    { read: number; inserted: number; updated: number; unchanged: number; events: number }
  >;
}

interface RawReceivable {
  id: string;
  status: string;
  liberado: string;
  valor_aberto: string;
  data_vencimento: string;
  id_contrato: string;
  id_cliente: string;
}

/** Demo mode: the app mirrors the IXC simulator it starts, for the demo tenant. */
describe('sync-ixc against the IXC simulator (demo mode)', () => {
  let t: TestApp;
  let ixc: SimulatorControl;
  let admin: { token: string; tenantId: string };

  beforeAll(async () => {
    t = await startTestApp({ env: { REGUA_MODE: 'demo', OUTBOX_RELAY_ENABLED: 'false' } });
    ixc = new SimulatorControl(t.app.get(DemoEnvironment).controlUrlOf('ixc'));
    admin = await tenantAdmin(t, 'demo');
  });
  afterAll(() => t?.close());

  const sync = async (mode: 'full' | 'incremental', resources?: string[]): Promise<Run> => {
    const started = await call<Run>(t.url, 'POST', '/api/v1/ixc/sync', {
      token: admin.token,
      body: { mode, ...(resources ? { resources } : {}) },
    });
    expect(started.status).toBe(202);
    return eventually(
      async () => {
        const res = await call<Run>(t.url, 'GET', `/api/v1/ixc/sync/runs/${started.body.id}`, {
          token: admin.token,
        });
        return res.body.status !== 'running' && res.body;
      },
      { timeoutMs: 60_000, description: 'the sync run to finish' },
    );
  };
  const db = () => t.app.get(DataSource);
  const outboxCount = async (routingKey: string) =>
    Number(
      (
        (await db().query(`SELECT count(*)::int AS n FROM messaging.outbox WHERE routing_key = $1`, [
          routingKey,
        ])) as [{ n: number }]
      )[0].n,
    );
  const payloadsOf = async <T>(routingKey: string): Promise<T[]> =>
    (
      (await db().query(`SELECT payload FROM messaging.outbox WHERE routing_key = $1 ORDER BY seq`, [
        routingKey,
      ])) as Array<{ payload: T }>
    ).map((row) => row.payload);
  const listReceivables = async (): Promise<RawReceivable[]> => {
    const rows: RawReceivable[] = [];
    for (let page = 1; ; page++) {
      const res = await fetch(`${t.app.get(DemoEnvironment).urls.ixc}/webservice/v1/fn_areceber`, {
        method: 'POST',
        headers: {
          ixcsoft: 'listar',
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${DEMO_USER}:${DEMO_TOKEN}`).toString('base64')}`,
        },
        body: JSON.stringify({
          qtype: 'fn_areceber.id',
          query: '',
          oper: '=',
          page: String(page),
          rp: '1000',
        }),
      });
      const body = (await res.json()) as { registros?: RawReceivable[] };
      rows.push(...(body.registros ?? []));
      if ((body.registros ?? []).length < 1000) return rows;
    }
  };

  it('on start, mirrors every customer, contract and receivable with no status-change events on first import', async () => {
    // Demo mode on a fresh database: the scheduler runs the tenant's first (full) sync by itself.
    const run = await eventually(
      async () => {
        const res = await call<{ items: Array<Run & { trigger: string; mode: string }> }>(
          t.url,
          'GET',
          '/api/v1/ixc/sync/runs',
          { token: admin.token },
        );
        const first = res.body.items.find((r) => r.mode === 'full');
        return first && first.status !== 'running' && first;
      },
      { timeoutMs: 60_000, description: 'the first full sync' },
    );
    expect(run).toMatchObject({ status: 'completed', error: null, trigger: 'schedule' });
    const counts = (await ixc.data<{ counts: Record<string, number> }>()).counts;
    expect(run.progress.cliente?.read).toBe(counts.cliente);
    expect(run.progress.cliente_contrato?.inserted).toBe(counts.cliente_contrato);
    expect(run.progress.fn_areceber?.inserted).toBe(counts.fn_areceber);
    expect(await outboxCount('sync_ixc.contract.status_changed.v1')).toBe(0);
    const documents = await db().query(
      `SELECT count(*)::int AS n FROM sync_ixc.customers WHERE document IS NOT NULL`,
    );
    expect(documents[0].n).toBeGreaterThan(0);

    const again = await sync('full');
    expect(again.status).toBe('completed');
    expect(again.progress.fn_areceber).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: counts.fn_areceber,
    });
  });

  it('shows the open billing the simulator holds, with the console summary fields', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
    const open = (await listReceivables()).filter(
      (r) =>
        ['A', 'P'].includes(r.status) &&
        r.liberado === 'S' &&
        Number(r.valor_aberto) > 0 &&
        r.data_vencimento > '0000',
    );
    const daysOverdue = (r: RawReceivable) =>
      Math.round((Date.parse(today) - Date.parse(r.data_vencimento)) / 86_400_000);
    const res = await call<{ summary: Record<string, unknown>; items: unknown[]; total: number }>(
      t.url,
      'GET',
      '/api/v1/billing/open?limit=5&sort=daysOverdue&order=desc',
      { token: admin.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({
      total_open: open.length,
      debtors: new Set(open.map((r) => r.id_cliente)).size,
      over_20_days: open.filter((r) => daysOverdue(r) >= 20).length,
      oldest_due_date: open.map((r) => r.data_vencimento).sort()[0],
      open_cents: open.reduce((sum, r) => sum + Math.round(Number(r.valor_aberto) * 100), 0),
    });
    expect(res.body.items).toHaveLength(5);
    const filtered = await call<{ summary: { total_open: number } }>(
      t.url,
      'GET',
      '/api/v1/billing/open?minDaysOverdue=20',
      {
        token: admin.token,
      },
    );
    expect(filtered.body.summary.total_open).toBe(open.filter((r) => daysOverdue(r) >= 20).length);
  });

  it('emits ReceivableOverdue once per overdue receivable, never again on the next sync', async () => {
    const overdue = await outboxCount('sync_ixc.receivable.overdue.v1');
    expect(overdue).toBeGreaterThan(0);
    const run = await sync('incremental');
    expect(run.status).toBe('completed');
    expect(await outboxCount('sync_ixc.receivable.overdue.v1')).toBe(overdue);
  });

  it('overdue events carry the debtor contact data as mirrored', async () => {
    const payloads = await payloadsOf<{ customerId: string; customer?: Record<string, unknown> }>(
      'sync_ixc.receivable.overdue.v1',
    );
    expect(payloads.length).toBeGreaterThan(0);
    const customers = new Map(
      (
        (await db().query(
          `SELECT id::text, name, document, email, mobile_phone AS "mobilePhone", whatsapp,
                  person_type AS "personType"
             FROM sync_ixc.customers WHERE tenant_id = $1`,
          [admin.tenantId],
        )) as Array<{ id: string } & Record<string, unknown>>
      ).map(({ id, ...contact }) => [id, contact]),
    );
    for (const payload of payloads) expect(payload.customer).toEqual(customers.get(payload.customerId));
    const reachable = payloads.filter((p) => p.customer?.mobilePhone || p.customer?.whatsapp);
    expect(reachable.length / payloads.length).toBeGreaterThan(0.9);
    expect(
      reachable.every((p) => /^\+55\d{10,11}$/.test(String(p.customer?.mobilePhone ?? p.customer?.whatsapp))),
    ).toBe(true);
  });

  it('emits ReceivableDueSoon once per open, released receivable and due date within IXC_DUE_SOON_DAYS', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
    const inDays = (n: number) => new Date(Date.parse(today) + n * 86_400_000).toISOString().slice(0, 10);
    type DueSoon = {
      receivableId: string;
      dueDate: string;
      daysUntilDue: number;
      updatedAt?: string;
      customer?: unknown;
    };
    const dueSoon = () => payloadsOf<DueSoon>('sync_ixc.receivable.due_soon.v1');

    // The first sync noticed exactly the simulator's open, released receivables due in [today, today + 5].
    const first = await dueSoon();
    const expected = (await listReceivables())
      .filter(
        (r) =>
          ['A', 'P'].includes(r.status) &&
          r.liberado === 'S' &&
          Number(r.valor_aberto) > 0 &&
          r.data_vencimento >= today &&
          r.data_vencimento <= inDays(5),
      )
      .map((r) => r.id);
    expect(first.map((p) => p.receivableId).sort()).toEqual(expected.sort());
    expect(new Set(first.map((p) => p.daysUntilDue))).toEqual(
      new Set([...(first.some((p) => p.daysUntilDue === 0) ? [0] : []), 1, 2, 3, 4, 5]),
    );
    for (const p of first) {
      expect(p.dueDate).toBe(inDays(p.daysUntilDue));
      expect(p.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(p.customer).toMatchObject({ name: expect.any(String) });
    }

    // New invoices: one that qualifies, and unreleased, paid, cancelled and too-far ones that do not.
    const [customer, contract] = await (async () => {
      const [row] = await db().query(
        `SELECT customer_id::text AS customer, id::text AS contract FROM sync_ixc.contracts
          WHERE tenant_id = $1 ORDER BY id LIMIT 1`,
        [admin.tenantId],
      );
      return [row.customer as string, row.contract as string];
    })();
    const add = async (dueInDays: number, fields: Record<string, string> = {}) =>
      (
        await ixc.modify<{ id: string }>({
          action: 'addReceivable',
          fields: {
            id_cliente: customer,
            id_contrato: contract,
            valor: '99.90',
            data_vencimento: inDays(dueInDays),
            ...fields,
          },
        })
      ).id;
    const due = await add(2);
    const unreleased = await add(2, { liberado: 'N' });
    const paid = await add(3);
    await ixc.modify({ action: 'markPaid', id: paid });
    const cancelled = await add(3);
    await ixc.modify({ action: 'cancelReceivable', id: cancelled });
    const later = await add(6);
    expect((await sync('incremental')).status).toBe('completed');

    const noticed = (await dueSoon()).filter((p) =>
      [due, unreleased, paid, cancelled, later].includes(p.receivableId),
    );
    expect(noticed).toEqual([
      expect.objectContaining({
        receivableId: due,
        dueDate: inDays(2),
        daysUntilDue: 2,
        customer: expect.any(Object),
      }),
    ]);

    // Once: another sync fires nothing; a new due date fires again, and one moved into the window fires.
    expect((await sync('full')).status).toBe('completed');
    expect(await dueSoon()).toHaveLength(first.length + 1);
    await ixc.modify({ action: 'setReceivableDueDate', id: due, data_vencimento: inDays(4) });
    await ixc.modify({ action: 'setReceivableDueDate', id: later, data_vencimento: inDays(5) });
    expect((await sync('incremental')).status).toBe('completed');
    const moved = (await dueSoon()).filter((p) => [due, later].includes(p.receivableId));
    expect(
      moved.map(({ receivableId, dueDate, daysUntilDue }) => ({ receivableId, dueDate, daysUntilDue })),
    ).toEqual(
      expect.arrayContaining([
        { receivableId: due, dueDate: inDays(2), daysUntilDue: 2 },
        { receivableId: due, dueDate: inDays(4), daysUntilDue: 4 },
        { receivableId: later, dueDate: inDays(5), daysUntilDue: 5 },
      ]),
    );
    expect(moved).toHaveLength(3);
    expect((await sync('incremental')).status).toBe('completed');
    expect(await dueSoon()).toHaveLength(first.length + 3);
  });

  it('an incremental sync picks up payments and contract changes, and emits their events', async () => {
    const open = (await listReceivables()).find(
      (r) => r.status === 'A' && Number(r.valor_aberto) > 0 && r.liberado === 'S',
    );
    if (!open) throw new Error('the simulator has no open receivable');
    const contractId = open.id_contrato;
    const toCancel = (await listReceivables()).find(
      (r) => r.status === 'A' && Number(r.valor_aberto) > 0 && r.liberado === 'S' && r.id !== open.id,
    );
    if (!toCancel) throw new Error('the simulator has no second open receivable');
    await ixc.modify({ action: 'markPaid', id: open.id });
    await ixc.modify({ action: 'cancelReceivable', id: toCancel.id });
    await ixc.modify({ action: 'setContractStatus', id: contractId, status_internet: 'CM' });
    const before = await db().query(
      `SELECT status, internet_status FROM sync_ixc.contracts WHERE tenant_id = $1 AND id = $2`,
      [admin.tenantId, contractId],
    );

    const run = await sync('incremental');
    expect(run.status).toBe('completed');
    expect(run.progress.fn_areceber?.updated).toBeGreaterThanOrEqual(1);
    const [receivable] = await db().query(
      `SELECT status, open_cents::int AS open FROM sync_ixc.receivables WHERE tenant_id = $1 AND id = $2`,
      [admin.tenantId, open.id],
    );
    expect(receivable).toEqual({ status: 'R', open: 0 });
    const [paid] = await db().query(
      `SELECT payload FROM messaging.outbox WHERE routing_key = 'sync_ixc.receivable.paid.v1' AND payload->>'receivableId' = $1`,
      [open.id],
    );
    // the receivable's own version (IXC's ultima_atualizacao, moved by the payment) orders its events
    const [version] = await db().query(
      `SELECT to_char(ixc_updated_at, 'YYYY-MM-DD HH24:MI:SS') AS at FROM sync_ixc.receivables
        WHERE tenant_id = $1 AND id = $2`,
      [admin.tenantId, open.id],
    );
    expect(version.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(paid?.payload).toMatchObject({ receivableId: open.id, openCents: 0, updatedAt: version.at });
    const [cancelled] = await db().query(
      `SELECT payload FROM messaging.outbox WHERE routing_key = 'sync_ixc.receivable.cancelled.v1'
         AND payload->>'receivableId' = $1`,
      [toCancel.id],
    );
    expect(cancelled?.payload).toMatchObject({ receivableId: toCancel.id });
    const [mirroredCancel] = await db().query(
      `SELECT status FROM sync_ixc.receivables WHERE tenant_id = $1 AND id = $2`,
      [admin.tenantId, toCancel.id],
    );
    expect(mirroredCancel).toEqual({ status: 'C' });
    if (before[0].internet_status !== 'CM') {
      const [changed] = await db().query(
        `SELECT payload FROM messaging.outbox WHERE routing_key = 'sync_ixc.contract.status_changed.v1'
           AND payload->>'contractId' = $1`,
        [contractId],
      );
      expect(changed?.payload).toMatchObject({
        previous: { internetStatus: before[0].internet_status },
        current: { internetStatus: 'CM' },
      });
    }
    // Incremental means: not everything again.
    expect(run.progress.fn_areceber?.read).toBeLessThan(
      (await ixc.data<{ counts: Record<string, number> }>()).counts.fn_areceber,
    );
  });

  it('answers contract statuses from the mirror and live, unknown ids as unknown', async () => {
    const [{ id }] = await db().query(
      `SELECT id::text FROM sync_ixc.contracts WHERE tenant_id = $1 LIMIT 1`,
      [admin.tenantId],
    );
    const bus = t.app.get(QueryBus);
    for (const freshness of ['mirror', 'live'] as const) {
      const statuses = await bus.execute(
        new GetContractStatusesQuery(admin.tenantId, [id, '99999999', 'x'], freshness),
      );
      expect(statuses[0]).toMatchObject({ contractId: id, known: true, source: freshness });
      expect(statuses.slice(1)).toEqual([
        { contractId: '99999999', known: false, reason: 'not_found' },
        { contractId: 'x', known: false, reason: 'not_found' },
      ]);
    }
    await ixc.modify({ action: 'rejectInOperator', enabled: true });
    const fallback = await bus.execute(new GetContractStatusesQuery(admin.tenantId, [id], 'live'));
    expect(fallback[0]).toMatchObject({ known: true, source: 'live' });
    await ixc.modify({ action: 'rejectInOperator', enabled: false });

    await ixc.setFaults({ error: { status: 401, body: 'Unauthorized' } });
    const down: ContractStatus[] = await bus.execute(
      new GetContractStatusesQuery(admin.tenantId, [id], 'live'),
    );
    await ixc.clearFaults();
    expect(down).toEqual([{ contractId: id, known: false, reason: 'unavailable' }]);
  });

  it('fires the overdue rule once per receivable: dry-run lists, a run fires, a second run fires nothing', async () => {
    const plan = await call<{
      total: number;
      thresholdDays: number;
      items: Array<{ receivableId: string; daysOverdue: number }>;
    }>(t.url, 'POST', '/api/v1/ixc/automation/dry-run', { token: admin.token, body: {} });
    expect(plan.status).toBe(200);
    expect(plan.body.thresholdDays).toBe(20);
    expect(plan.body.total).toBeGreaterThan(0);
    expect(plan.body.items.every((i) => i.daysOverdue >= 20)).toBe(true);
    const one = plan.body.items[0]?.receivableId as string;
    const single = await call<{ total: number }>(t.url, 'POST', '/api/v1/ixc/automation/dry-run', {
      token: admin.token,
      body: { receivableIds: [one] },
    });
    expect(single.body.total).toBe(1);

    const first = await call<{ fired: number }>(t.url, 'POST', '/api/v1/ixc/automation/runs', {
      token: admin.token,
    });
    expect(first.body.fired).toBe(plan.body.total);
    expect(await outboxCount('sync_ixc.receivable.overdue_threshold_reached.v1')).toBe(plan.body.total);
    const second = await call<{ fired: number }>(t.url, 'POST', '/api/v1/ixc/automation/runs', {
      token: admin.token,
    });
    expect(second.body.fired).toBe(0);
    expect(await outboxCount('sync_ixc.receivable.overdue_threshold_reached.v1')).toBe(plan.body.total);
    const after = await call<{ total: number }>(t.url, 'POST', '/api/v1/ixc/automation/dry-run', {
      token: admin.token,
      body: {},
    });
    expect(after.body.total).toBe(0);
  });

  it('opens an IXC ticket once per receivable, even when the process died after IXC created it', async () => {
    const saved = await call(t.url, 'PUT', '/api/v1/ixc/automation/settings', {
      token: admin.token,
      body: { thresholdDays: 45, openTicket: true, ticketSubjectId: '7', ticketSectorId: '2' },
    });
    expect(saved.status).toBe(200);
    const plan = await call<{ total: number }>(t.url, 'POST', '/api/v1/ixc/automation/dry-run', {
      token: admin.token,
      body: {},
    });
    expect(plan.body.total).toBeGreaterThan(0);
    const ticketsBefore = (await ixc.data<{ counts: Record<string, number> }>()).counts.su_ticket ?? 0;

    // A crash between IXC's answer and our commit: the intent is pending, the ticket exists in IXC.
    const [{ id: rid }] = await db().query(
      `SELECT id::text FROM sync_ixc.receivables WHERE tenant_id = $1 AND status = 'A' AND open_cents > 0 AND released
          AND due_date < current_date - 40 ORDER BY id LIMIT 1`,
      [admin.tenantId],
    );
    const [intent] = await db().query(
      `INSERT INTO sync_ixc.ticket_intents (tenant_id, receivable_id, threshold_days, body, attempts)
       VALUES ($1, $2, 99, '{"tipo":"C","id_cliente":"1","titulo":"Cobrança"}', 1) RETURNING id`,
      [admin.tenantId, rid],
    );
    const wire = `${t.app.get(DemoEnvironment).urls.ixc}/webservice/v1/su_ticket`;
    const created = await fetch(wire, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${DEMO_USER}:${DEMO_TOKEN}`).toString('base64')}`,
      },
      body: JSON.stringify({
        tipo: 'C',
        id_cliente: '1',
        id_assunto: '7',
        titulo: `Cobrança [regua ${intent.id}]`,
      }),
    });
    const { id: existingTicket } = (await created.json()) as { id: string };

    const run = await call<{ fired: number; ticketsCreated: number; ticketsPending: number }>(
      t.url,
      'POST',
      '/api/v1/ixc/automation/runs',
      { token: admin.token },
    );
    expect(run.body.fired).toBe(plan.body.total);
    expect(run.body.ticketsPending).toBe(0);
    const [adopted] = await db().query(
      `SELECT status, ixc_ticket_id FROM sync_ixc.ticket_intents WHERE id = $1`,
      [intent.id],
    );
    expect(adopted).toEqual({ status: 'created', ixc_ticket_id: existingTicket });
    const ticketsAfter = (await ixc.data<{ counts: Record<string, number> }>()).counts.su_ticket ?? 0;
    // One ticket per fired receivable, plus the one the "crashed" process had created — and no second one for it.
    expect(ticketsAfter - ticketsBefore).toBe(plan.body.total + 1);
    const again = await call<{ fired: number; ticketsCreated: number }>(
      t.url,
      'POST',
      '/api/v1/ixc/automation/runs',
      {
        token: admin.token,
      },
    );
    expect(again.body).toMatchObject({ fired: 0, ticketsCreated: 0 });
  });

  it('keeps tenants apart and rejects bad requests', async () => {
    const other = await tenantAdmin(t, 'other-isp');
    const view = await call<{ summary: { total_open: number } }>(t.url, 'GET', '/api/v1/billing/open', {
      token: other.token,
    });
    expect(view.body.summary.total_open).toBe(0);
    const runs = await call<{ items: Run[] }>(t.url, 'GET', '/api/v1/ixc/sync/runs', { token: admin.token });
    const foreign = await call(t.url, 'GET', `/api/v1/ixc/sync/runs/${runs.body.items[0]?.id}`, {
      token: other.token,
    });
    expect(foreign.status).toBe(404);
    const noIxc = await call(t.url, 'POST', '/api/v1/ixc/sync', {
      token: other.token,
      body: { mode: 'full' },
    });
    expect(noIxc.status).toBe(422);
    expect(noIxc.body).toMatchObject({ code: 'SYNC_IXC.NOT_CONFIGURED' });
    const badResource = await call(t.url, 'POST', '/api/v1/ixc/sync', {
      token: admin.token,
      body: { resources: ['senha'] },
    });
    expect(badResource.status).toBe(400);
    const badFilter = await call(t.url, 'GET', '/api/v1/billing/open?contractStatus=ZZ', {
      token: admin.token,
    });
    expect(badFilter.status).toBe(400);
  });
});

const DEMO_USER = IXC_DEMO_CREDENTIALS.user;
const DEMO_TOKEN = IXC_DEMO_CREDENTIALS.token;

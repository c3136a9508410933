// size: one app and one tenant carried through the scenario in order (cases opened early are linked, paid
// and moved later); split, each file would boot the app and replay the setup.
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { EscalateOverdueDebtsCommand } from '../../src/contexts/debt-escalation/application/escalate-overdue-debts/escalate-overdue-debts.command';
import { LinkCasesToCrmCommand } from '../../src/contexts/debt-escalation/application/link-cases-to-crm/link-cases-to-crm.command';
import { CrmLinksRepository } from '../../src/contexts/debt-escalation/application/ports/crm-links.repository';
import { CaseOpenedEvent } from '../../src/contexts/debt-escalation/contracts';
import { crmMarker } from '../../src/contexts/debt-escalation/domain/escalation-rule';
import { ReceivableOverdueEvent, ReceivablePaidEvent } from '../../src/contexts/sync-ixc/contracts';
import { OutboundUrlPolicy } from '../../src/platform/access/outbound/outbound-url-policy';
import { Outbox } from '../../src/platform/messaging/outbox';
import { MessageTransport } from '../../src/platform/messaging/transports/message-transport';
import { RabbitMqTransport } from '../../src/platform/messaging/transports/rabbitmq.transport';
import type { IntegrationEvent } from '../../src/shared/ddd/domain-event';
import { addDays, localDate } from '../../src/shared/time/local-date';
import {
  PIPEDRIVE_DEMO_CREDENTIALS,
  SimulatorControl,
  startSimulators,
  type PipedriveData,
  type SimulatorHost,
} from '../../src/simulators';
import { ADMIN_PASSWORD, call, login, tenantAdmin } from '../support/access-client';
import { BrokerNamespace } from '../support/broker';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { startTestApp, type TestApp } from '../support/test-app';

const NEVER = '0 0 1 1 *';
const TZ = 'America/Sao_Paulo';
const DOC = { maria: '11144477735', joao: '22255588846', ana: '33366699957' };

interface CaseView {
  id: string;
  contractId: string | null;
  state: string;
  openCents: number;
  recoveredCents: number;
  assignee: string | null;
  crm: { status: string; dealId: string | null; attempts: number };
  debts?: Array<{ debtId: string; status: string }>;
  history?: Array<{ kind: string; from: string | null; to: string; by: string }>;
}

describe('debt-escalation: old debts become one collection case, linked to Pipedrive (RabbitMQ)', () => {
  const broker = new BrokerNamespace();
  let database: TestDatabase;
  let t: TestApp;
  let crmHost: SimulatorHost;
  let crm: SimulatorControl;
  let tenantId: string;
  let token: string;
  const admin = { email: 'admin@escalation.test', slug: 'escalation' };

  const boot = async () => {
    const app = await startTestApp({
      database,
      env: {
        REGUA_MODE: 'demo',
        AMQP_URL: broker.url,
        AMQP_NAMESPACE: broker.prefix,
        ENFORCEMENT_CRON: NEVER,
        IXC_INCREMENTAL_CRON: NEVER,
        IXC_FULL_CRON: NEVER,
        IXC_AUTOMATION_CRON: NEVER,
        ESCALATION_CRON: NEVER,
        ESCALATION_CRM_CRON: NEVER,
        OUTBOX_POLL_INTERVAL_MS: '50',
        NOTIFY_DISPATCH_INTERVAL_MS: '60000',
      },
    });
    app.app.get(OutboundUrlPolicy).trust(crmHost.urlOf('pipedrive'));
    return app;
  };
  const stop = async () => {
    const transport = t?.app.get(MessageTransport);
    if (transport instanceof RabbitMqTransport) broker.track(transport.declaredNames());
    await t?.close();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    crmHost = await startSimulators(['pipedrive'], { seed: 11 });
    crm = new SimulatorControl(crmHost.controlUrlOf('pipedrive'));
    t = await boot();
    ({ tenantId, token } = await tenantAdmin(t, admin.slug, admin.email));
    const documentFieldKey = (await crm.data<PipedriveData>()).documentFieldKey;
    const configured = await api('PUT', '/api/v1/admin/integrations/pipedrive', {
      settings: {
        baseUrl: crmHost.urlOf('pipedrive'),
        documentFieldKey,
        createDeals: true,
        pipelineId: 2,
        stageId: 3,
      },
      secrets: { apiToken: PIPEDRIVE_DEMO_CREDENTIALS.apiToken },
    });
    expect(configured.status).toBe(200);
    for (const [id, name, document] of [
      [1, 'Maria Souza', DOC.maria],
      [2, 'João Lima', DOC.joao],
      [3, 'Ana Costa', DOC.ana],
      [4, 'Bruno Alves', '44477700068'],
      [5, 'Carla Dias', '55588811179'],
    ] as const)
      await db().query(
        `INSERT INTO sync_ixc.customers (tenant_id, id, name, document, document_valid, active, row_hash)
         VALUES ($1, $2, $3, $4, true, true, 'h')`,
        [tenantId, id, name, document],
      );
    await receivable(101, 1, 10, 120, 10_000);
    await receivable(102, 1, 10, 95, 5_000);
    await receivable(201, 2, 20, 89, 7_000);
    await receivable(301, 3, 30, 100, 3_000);
  }, 120_000);

  afterAll(async () => {
    await stop();
    await crmHost?.stop();
    await database?.drop();
    await broker.cleanup();
  });

  const db = () => t.app.get(DataSource);
  const api = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    call<T>(t.url, method, path, { token, body });
  const today = () => localDate(new Date(), TZ);
  const receivable = (id: number, customer: number, contract: number, daysAgo: number, cents: number) =>
    db().query(
      `INSERT INTO sync_ixc.receivables (tenant_id, id, customer_id, contract_id, status, released, amount_cents,
                                         open_cents, received_cents, due_date, row_hash)
       VALUES ($1, $2, $3, $4, 'A', true, $5, $5, 0, $6::date, 'h')`,
      [tenantId, id, customer, contract, cents, addDays(today(), -daysAgo)],
    );
  const escalate = () => t.app.get(CommandBus).execute(new EscalateOverdueDebtsCommand(tenantId));
  const link = (asOf?: Date) => t.app.get(CommandBus).execute(new LinkCasesToCrmCommand(tenantId, asOf));
  const publish = (events: IntegrationEvent[]) =>
    db().transaction((tx) => t.app.get(Outbox).publish(tx, events));
  const cases = async () =>
    (await api<{ items: CaseView[]; total: number }>('GET', '/api/v1/cases?limit=100')).body.items;
  const caseOf = async (contractId: string) => {
    const found = (await cases()).filter((c) => c.contractId === contractId);
    expect(found).toHaveLength(1);
    return (await api<CaseView>('GET', `/api/v1/cases/${found[0]!.id}`)).body;
  };
  const outboxCount = async (routingKey: string) =>
    Number(
      (
        (await db().query(
          `SELECT count(*) AS n FROM messaging.outbox WHERE tenant_id = $1 AND routing_key = $2`,
          [tenantId, routingKey],
        )) as Array<{ n: string }>
      )[0]!.n,
    );
  const overdueEvent = (id: number, customer: number, contract: number, daysAgo: number, cents: number) =>
    new ReceivableOverdueEvent(tenantId, {
      receivableId: String(id),
      customerId: String(customer),
      contractId: String(contract),
      dueDate: addDays(today(), -daysAgo),
      amountCents: cents,
      openCents: cents,
      daysOverdue: daysAgo,
      customer: {
        name: `Cliente ${customer}`,
        document: null,
        email: null,
        mobilePhone: `+55799983${String(customer).padStart(5, '0')}`,
        whatsapp: null,
        personType: 'F',
      },
    });

  it('dry run shows what would open, and writes nothing', async () => {
    const res = await api<{ wouldOpen: Array<{ contractId: string; debtIds: string[]; openCents: number }> }>(
      'POST',
      '/api/v1/escalation/dry-run',
      {},
    );
    expect(res.status).toBe(200);
    expect(res.body.wouldOpen.map((c) => [c.contractId, c.debtIds.sort(), c.openCents]).sort()).toEqual([
      ['10', ['101', '102'], 15_000],
      ['30', ['301'], 3_000],
    ]);
    expect(await cases()).toEqual([]);
  });

  it('a debt past 90 days opens one case per debtor + contract, even with two jobs at once', async () => {
    const [a, b] = await Promise.all([escalate(), escalate()]);
    expect(a.opened + b.opened).toBe(2);
    expect((await cases()).map((c) => c.contractId).sort()).toEqual(['10', '30']);
    expect((await caseOf('10')).openCents).toBe(15_000);
    expect(await outboxCount(CaseOpenedEvent.ROUTING_KEY)).toBe(2);
  });

  it('a restart and a replayed event open nothing more; later debts of the contract join its open case', async () => {
    await stop();
    t = await boot();
    token = await login(t.url, admin.email, ADMIN_PASSWORD, admin.slug);
    expect(await escalate()).toMatchObject({ opened: 0, joined: 0 });
    const replayed = [overdueEvent(101, 1, 10, 120, 10_000), overdueEvent(101, 1, 10, 120, 10_000)];
    await publish(replayed);
    await eventually(
      async () =>
        Number(
          (
            (await db().query(
              `SELECT count(*) AS n FROM messaging.inbox WHERE consumer = 'debt_escalation.ixc_overdue' AND message_id = ANY($1::uuid[])`,
              [replayed.map((e) => e.metadata.id)],
            )) as Array<{ n: string }>
          )[0]!.n,
        ) === 2,
      { timeoutMs: 20_000, description: 'both replayed events consumed' },
    );
    expect((await cases()).length).toBe(2);

    await receivable(103, 1, 10, 91, 2_000);
    expect(await escalate()).toMatchObject({ opened: 0, joined: 1 });
    expect((await caseOf('10')).debts!.map((d) => d.debtId)).toEqual(['101', '102', '103']);

    // 201 crosses the threshold today.
    await db().query(`UPDATE sync_ixc.receivables SET due_date = $3::date WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      201,
      addDays(today(), -90),
    ]);
    expect(await escalate()).toMatchObject({ opened: 1 });
    expect(await outboxCount(CaseOpenedEvent.ROUTING_KEY)).toBe(3);
  }, 90_000);

  it('links the deal of a person found by CPF, creates person + deal when configured, never twice across a crash', async () => {
    const maria = await crm.modify<{ id: number }>({
      action: 'addPerson',
      name: 'Maria Souza',
      document: DOC.maria,
    });
    const deal = await crm.modify<{ id: number }>({
      action: 'addDeal',
      title: 'Plano fibra',
      personId: maria.id,
    });
    const joaoCase = await caseOf('20');
    const links = t.app.get(CrmLinksRepository);
    const record = links.recorded.bind(links);
    let crashed = false;
    // The process dies after Pipedrive created João's deal and before our commit.
    const spy = jest.spyOn(links, 'recorded').mockImplementation(async (caseId, outcome) => {
      if (caseId === joaoCase.id && !crashed) {
        crashed = true;
        throw new Error('process died before commit');
      }
      return record(caseId, outcome);
    });
    try {
      const first = await link();
      expect(first).toMatchObject({ linked: 1, created: 1, failed: 1 });
    } finally {
      spy.mockRestore();
    }
    expect((await caseOf('10')).crm).toMatchObject({ status: 'linked', dealId: String(deal.id) });
    expect((await caseOf('30')).crm.status).toBe('created');
    expect((await caseOf('20')).crm).toMatchObject({ status: 'pending', attempts: 1 });

    const retry = await link(new Date(Date.now() + 3_600_000));
    expect(retry).toMatchObject({ created: 1, failed: 0 });
    const data = await crm.data<PipedriveData>();
    const marked = data.deals.filter((d) => d.title.includes(crmMarker(joaoCase.id)));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatchObject({ pipeline_id: 2, stage_id: 3, value: 70 });
    expect(data.persons.filter((p) => Object.values(p.custom_fields).includes(DOC.joao))).toHaveLength(1);
    expect((await caseOf('20')).crm).toMatchObject({ status: 'created', dealId: String(marked[0]!.id) });
    expect(data.notes.some((n) => n.deal_id === marked[0]!.id && n.content.includes('R$'))).toBe(true);
  });

  it('honours Pipedrive 429s: waits out a short reset, puts the work off on a long one', async () => {
    await receivable(401, 4, 40, 100, 4_000);
    await receivable(501, 5, 50, 100, 5_000);
    expect(await escalate()).toMatchObject({ opened: 2 });
    await crm.resetRequests();
    await crm.modify({ action: 'setRateLimit', search: 1, windowMs: 2000 });
    expect(await link()).toMatchObject({ created: 2, deferred: 0 });
    const stats = await crm.requests();
    expect(stats.recent.filter((r) => r.status === 429).length).toBeGreaterThan(0);

    await receivable(402, 4, 41, 100, 4_000);
    expect(await escalate()).toMatchObject({ opened: 1 });
    await crm.modify({ action: 'setRateLimit', search: 1, windowMs: 60_000 });
    // Another client of the same token used up the Search API window.
    await fetch(`${crmHost.urlOf('pipedrive')}/api/v2/persons/search?term=xx`, {
      headers: { 'x-api-token': PIPEDRIVE_DEMO_CREDENTIALS.apiToken },
    });
    const put = await link();
    expect(put).toMatchObject({ deferred: 1, created: 0 });
    const [row] = (await db().query(
      `SELECT crm_status, extract(epoch FROM crm_next_at - now()) AS wait FROM debt_escalation.cases
        WHERE tenant_id = $1 AND contract_key = '41'`,
      [tenantId],
    )) as Array<{ crm_status: string; wait: string }>;
    expect(row!.crm_status).toBe('pending');
    expect(Number(row!.wait)).toBeGreaterThan(30);
    await crm.modify({ action: 'setRateLimit', search: 10, windowMs: 2000 });
  });

  it('stops the regular cadence for the escalated contract and its later debts (event stream end to end)', async () => {
    await publish([overdueEvent(601, 6, 60, 100, 6_000)]);
    const debt = await eventually(
      async () => {
        const [row] = (await db().query(
          `SELECT status FROM notification_flow.debts WHERE tenant_id = $1 AND id = 'ixc:601'`,
          [tenantId],
        )) as Array<{ status: string }>;
        return row?.status === 'escalated' && row;
      },
      { timeoutMs: 20_000, description: 'the debt closed as escalated in notification-flow' },
    );
    expect(debt.status).toBe('escalated');
    expect((await caseOf('60')).state).toBe('open');
    // A later debt of the contract joins the case and leaves the cadence as well.
    await publish([overdueEvent(602, 6, 60, 95, 1_000)]);
    await eventually(
      async () =>
        (
          (await db().query(
            `SELECT status FROM notification_flow.debts WHERE tenant_id = $1 AND id = 'ixc:602'`,
            [tenantId],
          )) as Array<{ status: string }>
        )[0]?.status === 'escalated',
      { timeoutMs: 20_000, description: 'the joined debt closed as escalated' },
    );
    expect((await caseOf('60')).debts!.map((d) => d.debtId)).toEqual(['601', '602']);
    const pending = (await db().query(
      `SELECT status FROM notification_flow.schedules WHERE tenant_id = $1 AND debtor_id = 'ixc:6'
          AND status NOT IN ('cancelled', 'skipped')`,
      [tenantId],
    )) as unknown[];
    expect(pending).toEqual([]);
  });

  it('paying every debt of the case settles it by itself', async () => {
    const paid = [101, 102, 103].map(
      (id) =>
        new ReceivablePaidEvent(tenantId, {
          receivableId: String(id),
          customerId: '1',
          contractId: '10',
          dueDate: addDays(today(), -100),
          amountCents: 1,
          openCents: 0,
          paidAt: today(),
        }),
    );
    await publish(paid.slice(0, 2));
    await eventually(async () => (await caseOf('10')).openCents === 2_000, { description: 'two debts paid' });
    expect((await caseOf('10')).state).toBe('open');
    await publish(paid.slice(2));
    const settled = await eventually(async () => {
      const c = await caseOf('10');
      return c.state === 'settled' && c;
    });
    expect(settled.recoveredCents).toBe(17_000);
    expect(settled.history!.at(-1)).toMatchObject({
      kind: 'transition',
      from: 'open',
      to: 'settled',
      by: 'system',
    });
    expect(await outboxCount('debt_escalation.case.closed.v1')).toBe(1);
  });

  it('lets operators search, move and assign cases, with who/when kept', async () => {
    const ana = await caseOf('30');
    const found = await api<{ items: CaseView[] }>('GET', '/api/v1/cases?state=open&q=ana');
    expect(found.body.items.map((c) => c.id)).toEqual([ana.id]);
    const byDocument = await api<{ items: CaseView[] }>('GET', `/api/v1/cases?q=${DOC.ana.slice(0, 6)}`);
    expect(byDocument.body.items.map((c) => c.id)).toEqual([ana.id]);
    const moved = await api<CaseView>('POST', `/api/v1/cases/${ana.id}/transition`, {
      to: 'in_negotiation',
      note: 'ligou',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.state).toBe('in_negotiation');
    const refused = await api<{ code: string }>('POST', `/api/v1/cases/${ana.id}/transition`, {
      to: 'bogus',
    });
    expect(refused.status).toBe(400);
    await api('POST', `/api/v1/cases/${ana.id}/transition`, { to: 'agreement' });
    const settledCase = await caseOf('10');
    const closed = await api<{ code: string }>('POST', `/api/v1/cases/${settledCase.id}/transition`, {
      to: 'open',
    });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('DEBT_ESCALATION.INVALID_TRANSITION');
    const assigned = await api<CaseView>('POST', `/api/v1/cases/${ana.id}/assign`, {
      assignee: 'equipe-cobranca',
    });
    expect(assigned.body.assignee).toBe('equipe-cobranca');
    expect(assigned.body.history!.map((h) => [h.kind, h.to])).toEqual([
      ['opened', 'open'],
      ['crm', 'open'],
      ['transition', 'in_negotiation'],
      ['transition', 'agreement'],
      ['assigned', 'agreement'],
    ]);
    expect(assigned.body.history!.every((h) => h.by !== '')).toBe(true);
    await expect(
      db().query(`UPDATE debt_escalation.case_history SET note = 'x' WHERE case_id = $1`, [ana.id]),
    ).rejects.toThrow(/append-only/);
    expect((await api('GET', '/api/v1/cases/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    // Another tenant cannot see, move or assign this tenant's case.
    const other = await tenantAdmin(t, 'escalation-other');
    for (const [method, path, body] of [
      ['GET', `/api/v1/cases/${ana.id}`, undefined],
      ['POST', `/api/v1/cases/${ana.id}/transition`, { to: 'returned' }],
      ['POST', `/api/v1/cases/${ana.id}/assign`, { assignee: 'intruso' }],
    ] as const)
      expect((await call(t.url, method, path, { token: other.token, body })).status).toBe(404);
    expect((await caseOf('30')).assignee).toBe('equipe-cobranca');
    const stats = await api<{
      byState: Record<string, number>;
      inCollectionCents: number;
      recoveredCents: number;
    }>('GET', '/api/v1/cases/stats');
    expect(stats.body.byState).toMatchObject({ settled: 1, agreement: 1 });
    expect(stats.body.recoveredCents).toBe(17_000);
    expect(stats.body.inCollectionCents).toBeGreaterThan(0);
  });

  it('demo mode shows cases on a fresh start (the demo IXC has debts past 90 days)', async () => {
    const [demo] = (await db().query(`SELECT id FROM access.tenants WHERE slug = 'demo'`)) as Array<{
      id: string;
    }>;
    const opened = await eventually(
      async () => {
        const [row] = (await db().query(
          `SELECT count(*)::int AS n FROM debt_escalation.cases WHERE tenant_id = $1`,
          [demo!.id],
        )) as Array<{ n: number }>;
        return row!.n > 0 && row!.n;
      },
      { timeoutMs: 120_000, intervalMs: 500, description: 'demo cases opened from the first IXC sync' },
    );
    expect(opened).toBeGreaterThan(0);
  }, 150_000);
});

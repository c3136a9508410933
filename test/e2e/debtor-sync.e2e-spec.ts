// One file over the usual size on purpose: the scenarios share one app, its demo clinics and their sync
// history (each run builds on the previous one), which is what a re-sync and a changed installment need.
import { DataSource } from 'typeorm';
import { classifyInstallment } from '../../src/contexts/debtor-sync/domain/installment-status';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import { MessageTransport } from '../../src/platform/messaging/transports/message-transport';
import { RabbitMqTransport } from '../../src/platform/messaging/transports/rabbitmq.transport';
import { addDays, localDate } from '../../src/shared/time/local-date';
import { SimulatorControl, type ClinicPatientEntry } from '../../src/simulators';
import { call, tenantAdmin } from '../support/access-client';
import { BrokerNamespace } from '../support/broker';
import { eventually } from '../support/eventually';
import { startTestApp, type TestApp } from '../support/test-app';

const NEVER = '0 0 1 1 *';
const ZONE = 'America/Sao_Paulo';

interface Counts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
}
interface Run {
  id: string;
  clinicId: string;
  kind: string;
  trigger: string;
  status: string;
  error: string | null;
  windowFrom: string;
  windowTo: string;
  counts: { patients: Counts; contracts: Counts; installments: Counts; events: number; pages: number };
}
interface Clinic {
  id: string;
  externalId: string;
  name: string;
  coverage: string;
}

/** Demo mode, real Postgres and RabbitMQ: the clinic simulator, debtor-sync and notification-flow's cadence. */
describe('debtor-sync against the clinic simulator (demo mode, RabbitMQ)', () => {
  const broker = new BrokerNamespace();
  let t: TestApp;
  let db: DataSource;
  let clinicApi: SimulatorControl;
  let admin: { token: string; tenantId: string };
  let jardins: Clinic;
  const today = () => localDate(new Date(), ZONE);

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        REGUA_MODE: 'demo',
        AMQP_URL: broker.url,
        AMQP_NAMESPACE: broker.prefix,
        ENFORCEMENT_CRON: NEVER,
        IXC_INCREMENTAL_CRON: NEVER,
        IXC_FULL_CRON: NEVER,
        IXC_AUTOMATION_CRON: NEVER,
        DEBTOR_SYNC_CRON: NEVER,
        OUTBOX_POLL_INTERVAL_MS: '50',
        NOTIFY_DISPATCH_INTERVAL_MS: '60000',
      },
    });
    db = t.app.get(DataSource);
    clinicApi = new SimulatorControl(t.app.get(DemoEnvironment).controlUrlOf('clinic'));
    admin = await tenantAdmin(t, 'demo');
  });
  afterAll(async () => {
    await clinicApi?.clearFaults().catch(() => undefined);
    const transport = t?.app.get(MessageTransport);
    if (transport instanceof RabbitMqTransport) broker.track(transport.declaredNames());
    await t?.close();
    await broker.cleanup();
  });

  const api = <T>(method: string, path: string, body?: unknown) =>
    call<T>(t.url, method, path, { token: admin.token, body });
  const finished = (runId: string) =>
    eventually(
      async () => {
        const res = await api<Run>('GET', `/api/v1/debtors/sync/runs/${runId}`);
        return res.body.status !== 'running' && res.body;
      },
      { timeoutMs: 90_000, description: `sync run ${runId} to finish` },
    );
  const syncNow = async (clinicId: string): Promise<Run> => {
    const started = await api<Run[]>('POST', '/api/v1/debtors/sync', { clinicId });
    expect(started.status).toBe(202);
    return finished(started.body[0]!.id);
  };
  const outbox = async (routingKey: string, installmentId?: string) =>
    Number(
      (
        (await db.query(
          `SELECT count(*)::int AS n FROM messaging.outbox
            WHERE routing_key = $1 AND ($2::text IS NULL OR payload->>'installmentId' = $2)`,
          [routingKey, installmentId ?? null],
        )) as [{ n: number }]
      )[0].n,
    );
  const addPatient = (idClinica: string, patient: Record<string, unknown>) =>
    clinicApi.modify<{ idPaciente: number; idContrato: number; parcelas: number[] }>({
      action: 'addPatient',
      idClinica: Number(idClinica),
      ...patient,
    });
  const schedulesOf = (debtorId: string) =>
    db.query(
      `SELECT status, status_reason AS reason, recipient FROM notification_flow.schedules
        WHERE tenant_id = $1 AND debtor_id = $2`,
      [admin.tenantId, debtorId],
    ) as Promise<Array<{ status: string; reason: string | null; recipient: string | null }>>;

  /** The mirror says exactly what the clinic API says about every installment of the window. */
  const expectMirrorTruthful = async (clinic: Clinic) => {
    const entries = await clinicApi.modify<ClinicPatientEntry[]>({
      action: 'entries',
      idClinica: Number(clinic.externalId),
    });
    const from = addDays(today(), -365);
    const to = addDays(today(), 730);
    const mirrored = new Map(
      (
        (await db.query(
          `SELECT id::text AS id, status, amount_cents::int AS cents FROM debtor_sync.installments
            WHERE tenant_id = $1 AND clinic_id = $2`,
          [admin.tenantId, clinic.id],
        )) as Array<{ id: string; status: string; cents: number }>
      ).map((r) => [r.id, r]),
    );
    let checked = 0;
    for (const entry of entries) {
      for (const p of entry.parcelas) {
        if (p.dataVencimento < from || p.dataVencimento > to) continue;
        const row = mirrored.get(String(p.idContratoParcela));
        expect({ id: p.idContratoParcela, status: row?.status, cents: row?.cents }).toEqual({
          id: p.idContratoParcela,
          status: classifyInstallment(p.nomeStatusFinanceiro, p.dataVencimento, today()),
          cents: Math.round(Number(p.valorParcela) * 100),
        });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(10);
  };

  it('demo: two simulated clinics are covered and synced on a fresh start, the mirror matching the API', async () => {
    const clinics = await eventually(
      async () => {
        const res = await api<{ items: Clinic[] }>('GET', '/api/v1/debtors/clinics');
        return res.body.items.length === 2 && res.body.items;
      },
      { timeoutMs: 60_000, description: 'the demo clinics' },
    );
    expect(clinics.map((c) => c.name).sort()).toEqual(['Oralsin Boa Viagem', 'Oralsin Jardins']);
    jardins = clinics.find((c) => c.name === 'Oralsin Jardins')!;
    const runs = await eventually(
      async () => {
        const res = await api<{ items: Run[] }>('GET', '/api/v1/debtors/sync/runs');
        return (
          res.body.items.length === 2 && res.body.items.every((r) => r.status !== 'running') && res.body.items
        );
      },
      { timeoutMs: 90_000, description: 'the initial runs' },
    );
    for (const run of runs) {
      expect(run).toMatchObject({ kind: 'initial', trigger: 'coverage', status: 'completed', error: null });
      expect(run.counts.installments.inserted).toBeGreaterThan(0);
    }
    await expectMirrorTruthful(jardins);
    // First import: debts are announced (overdue), nothing is "paid" or "changed" yet.
    expect(await outbox('debtor_sync.installment.overdue.v1')).toBeGreaterThan(0);
    expect(await outbox('debtor_sync.installment.paid.v1')).toBe(0);
    expect(await outbox('debtor_sync.contract.status_changed.v1')).toBe(0);
    const debtors = await api<{
      summary: { debtors: number; openCents: number; aging: unknown[] };
      items: unknown[];
    }>('GET', `/api/v1/debtors?clinicId=${jardins.id}`);
    expect(debtors.status).toBe(200);
    expect(debtors.body.summary.debtors).toBeGreaterThan(0);
    expect(debtors.body.summary.aging).toHaveLength(5);
  });

  it('registers coverage by name: no match is 404, several are 409 listing them, one is covered and synced', async () => {
    const none = await api<{ code: string }>('POST', '/api/v1/debtors/clinics', {
      name: 'Clínica Que Não Existe',
    });
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('DEBTOR_SYNC.CLINIC_NOT_FOUND');
    const many = await api<{ code: string; matches: Array<{ name: string }> }>(
      'POST',
      '/api/v1/debtors/clinics',
      {
        name: 'centro',
      },
    );
    expect(many.status).toBe(409);
    expect(many.body.matches.map((m) => m.name).sort()).toEqual(['Oralsin Centro', 'Oralsin Centro Sul']);
    await clinicApi.modify({ action: 'addClinic', nomeClinica: 'Clínica Sorriso Único' });
    const one = await api<{ clinic: Clinic; created: boolean; run: Run }>('POST', '/api/v1/debtors/clinics', {
      name: 'sorriso unico',
    });
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({
      created: true,
      clinic: { name: 'Clínica Sorriso Único', coverage: 'covered' },
    });
    expect(await finished(one.body.run.id)).toMatchObject({ status: 'completed', kind: 'initial' });
  });

  it('a periodic sync with no change writes no row and no event', async () => {
    const run = await syncNow(jardins.id);
    expect(run).toMatchObject({ status: 'completed', kind: 'periodic', trigger: 'api' });
    for (const entity of ['patients', 'contracts', 'installments'] as const) {
      expect(run.counts[entity]).toMatchObject({ inserted: 0, updated: 0 });
      expect(run.counts[entity].unchanged).toBeGreaterThan(0);
    }
    expect(run.counts.events).toBe(0);
  });

  it('one installment paid in the clinic: one row updated, one event, and the cadence stops', async () => {
    const due = addDays(today(), -2);
    const added = await addPatient(jardins.externalId, {
      nomePaciente: 'Paula Pagadora',
      cpfPaciente: '529.982.247-25',
      dataNascimento: '1980-05-10',
      telefones: { telefoneCelular: '(11) 98765-1111', email: 'paula@example.com' },
      parcelas: [{ dataVencimento: due, valorParcela: '150.00', nomeStatusFinanceiro: 'Não Compensado' }],
    });
    const installmentId = String(added.parcelas[0]);
    const debtorId = `clinic:${added.idPaciente}`;
    expect((await syncNow(jardins.id)).counts.installments.inserted).toBe(1);
    const planned = await eventually(
      async () => {
        const rows = await schedulesOf(debtorId);
        return rows.some((r) => r.status === 'planned') && rows;
      },
      { timeoutMs: 30_000, description: 'the cadence of the new debtor' },
    );
    expect(planned.filter((r) => r.status === 'planned').length).toBeGreaterThan(0);

    await clinicApi.modify({
      action: 'setInstallment',
      idContratoParcela: Number(installmentId),
      nomeStatusFinanceiro: 'Compensado',
    });
    const run = await syncNow(jardins.id);
    expect(run.counts.installments).toMatchObject({ inserted: 0, updated: 1 });
    expect(run.counts.patients).toMatchObject({ inserted: 0, updated: 0 });
    expect(run.counts.contracts).toMatchObject({ inserted: 0, updated: 0 });
    expect(run.counts.events).toBe(1);
    expect(await outbox('debtor_sync.installment.paid.v1', installmentId)).toBe(1);
    await eventually(
      async () => {
        const rows = await schedulesOf(debtorId);
        return rows.every((r) => r.status !== 'planned') && rows.some((r) => r.status === 'cancelled');
      },
      { timeoutMs: 30_000, description: 'the pending messages cancelled' },
    );
    const detail = await api<{ contracts: Array<{ installments: Array<{ id: string; status: string }> }> }>(
      'GET',
      `/api/v1/debtors/${added.idPaciente}`,
    );
    expect(detail.status).toBe(200);
    expect(detail.body.contracts[0]!.installments).toEqual([
      expect.objectContaining({ id: installmentId, status: 'paid' }),
    ]);
  });

  it('minors are never messaged directly and no-consent or no-contact patients are skipped with a reason', async () => {
    const due = addDays(today(), -2);
    const parcelas = [{ dataVencimento: due, valorParcela: '99.90', nomeStatusFinanceiro: 'Status Inicial' }];
    const child = `${Number(today().slice(0, 4)) - 10}-01-15`;
    const alone = await addPatient(jardins.externalId, {
      nomePaciente: 'Criança Sem Responsável',
      dataNascimento: child,
      telefones: { telefoneCelular: '(11) 98765-2222' },
      parcelas,
    });
    const guarded = await addPatient(jardins.externalId, {
      nomePaciente: 'Criança Com Responsável',
      dataNascimento: child,
      telefones: { telefoneCelular: '(11) 98765-3333' },
      pagante: {
        nomePagante: 'Mãe Responsável',
        contato: { telefoneCelular: '(11) 98765-4444' },
        grauParentesco: 'Mãe',
      },
      parcelas,
    });
    const refused = await addPatient(jardins.externalId, {
      nomePaciente: 'Adulto Sem Consentimento',
      dataNascimento: '1975-03-03',
      telefones: { telefoneCelular: '(11) 98765-5555' },
      realizarCobrancaAmigavel: false,
      parcelas,
    });
    const unreachable = await addPatient(jardins.externalId, {
      nomePaciente: 'Adulto Sem Contato',
      dataNascimento: '1970-07-07',
      parcelas,
    });
    expect((await syncNow(jardins.id)).status).toBe('completed');
    const settled = (id: number) =>
      eventually(
        async () => {
          const rows = await schedulesOf(`clinic:${id}`);
          return rows.length > 0 && rows.filter((r) => r.reason !== 'missed');
        },
        { timeoutMs: 30_000, description: `the schedules of patient ${id}` },
      );
    const aloneRows = await settled(alone.idPaciente);
    expect(aloneRows.every((r) => r.status === 'skipped' && r.reason === 'minor')).toBe(true);
    const guardedRows = await settled(guarded.idPaciente);
    expect(guardedRows.some((r) => r.status === 'planned')).toBe(true);
    const [debtor] = (await db.query(
      `SELECT name, phone, whatsapp FROM notification_flow.debtors WHERE tenant_id = $1 AND id = $2`,
      [admin.tenantId, `clinic:${guarded.idPaciente}`],
    )) as Array<{ name: string; phone: string | null; whatsapp: string | null }>;
    expect(debtor).toEqual({ name: 'Mãe Responsável', phone: '5511987654444', whatsapp: '5511987654444' });
    const refusedRows = await settled(refused.idPaciente);
    expect(refusedRows.every((r) => r.status === 'skipped' && r.reason === 'no_consent')).toBe(true);
    const unreachableRows = await settled(unreachable.idPaciente);
    expect(unreachableRows.every((r) => r.status === 'skipped' && r.reason === 'no_address')).toBe(true);

    // The debtor's detail carries notification-flow's contact history: every skip, with its reason (steps
    // already past when the debt arrived are skipped as `missed`).
    type History = { items: Array<{ event: string; reason: string | null; type: string }>; total: number };
    for (const [patient, reason] of [
      [alone, 'minor'],
      [refused, 'no_consent'],
      [unreachable, 'no_address'],
    ] as const) {
      const skipped = (await schedulesOf(`clinic:${patient.idPaciente}`)).filter(
        (r) => r.status === 'skipped',
      );
      const detail = await api<{ contactHistory: History }>('GET', `/api/v1/debtors/${patient.idPaciente}`);
      expect(detail.status).toBe(200);
      expect(detail.body.contactHistory.total).toBe(skipped.length);
      expect(detail.body.contactHistory.items.map((e) => e.reason).sort()).toEqual(
        skipped.map((r) => r.reason).sort(),
      );
      expect(detail.body.contactHistory.items.some((e) => e.reason === reason)).toBe(true);
      for (const entry of detail.body.contactHistory.items)
        expect(entry).toMatchObject({ event: 'skipped', type: expect.any(String) as string });
    }
    const planned = await api<{ contactHistory: History }>('GET', `/api/v1/debtors/${guarded.idPaciente}`);
    expect(planned.body.contactHistory.items.every((e) => e.reason === 'missed')).toBe(true);
  });

  it('API faults (30% 5xx, a timeout, an outage) never lose or duplicate data, nor mark a paid installment open', async () => {
    const entries = await clinicApi.modify<ClinicPatientEntry[]>({
      action: 'entries',
      idClinica: Number(jardins.externalId),
    });
    const open = entries
      .flatMap((e) => e.parcelas)
      .filter((p) => p.dataVencimento < today() && p.dataVencimento >= addDays(today(), -300))
      .filter((p) => classifyInstallment(p.nomeStatusFinanceiro, p.dataVencimento, today()) === 'open')
      .slice(0, 3);
    expect(open).toHaveLength(3);
    for (const p of open)
      await clinicApi.modify({
        action: 'setInstallment',
        idContratoParcela: p.idContratoParcela,
        nomeStatusFinanceiro: 'Banco Itaú',
      });

    await clinicApi.setFaults({
      errorRate: 0.3,
      latencyMs: 20,
      error: { status: 500, body: { success: false, message: 'Server Error' } },
      pathPattern: '^/relatorio/',
    });
    const flaky = await syncNow(jardins.id);
    expect(flaky).toMatchObject({ status: 'completed', error: null });
    expect(flaky.counts.installments.updated).toBe(3);
    await expectMirrorTruthful(jardins);

    await clinicApi.setFaults({ timeout: true, times: 1, pathPattern: '^/relatorio/' });
    const slow = await syncNow(jardins.id);
    expect(slow).toMatchObject({ status: 'completed', error: null });
    expect(slow.counts.installments).toMatchObject({ inserted: 0, updated: 0 });

    await clinicApi.setFaults({
      errorRate: 1,
      error: { status: 503, body: 'Service Unavailable' },
      pathPattern: '^/relatorio/',
    });
    const down = await syncNow(jardins.id);
    expect(down.status).toBe('failed');
    expect(down.error).toContain('503');
    await clinicApi.clearFaults();
    await expectMirrorTruthful(jardins);
    for (const p of open)
      expect(await outbox('debtor_sync.installment.paid.v1', String(p.idContratoParcela))).toBe(1);
    const [dupes] = (await db.query(
      `SELECT count(*)::int AS n FROM (SELECT payload->>'installmentId' FROM messaging.outbox
        WHERE routing_key = 'debtor_sync.installment.overdue.v1' GROUP BY 1, payload->>'dueDate' HAVING count(*) > 1) d`,
    )) as [{ n: number }];
    expect(dupes.n).toBe(0);
  });

  it('a paused clinic is not synced and its cadence stops; resumed, it syncs again', async () => {
    const paused = await api<Clinic>('POST', `/api/v1/debtors/clinics/${jardins.id}/pause`);
    expect(paused.body.coverage).toBe('paused');
    const refused = await api<{ code: string }>('POST', '/api/v1/debtors/sync', { clinicId: jardins.id });
    expect(refused.status).toBe(409);
    expect(await outbox('debtor_sync.contract.status_changed.v1')).toBeGreaterThan(0);
    const resumed = await api<Clinic>('POST', `/api/v1/debtors/clinics/${jardins.id}/resume`);
    expect(resumed.body.coverage).toBe('covered');
    expect((await syncNow(jardins.id)).status).toBe('completed');
  });
});

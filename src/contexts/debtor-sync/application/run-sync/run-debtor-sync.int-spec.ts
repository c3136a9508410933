import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { eventually } from '../../../../../test/support/eventually';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { IntegrationSecrets } from '../../../../platform/access/integrations/integration-secrets';
import { OutboundUrlPolicy } from '../../../../platform/access/outbound/outbound-url-policy';
import { Tenants } from '../../../../platform/access/tenants';
import {
  CLINIC_DEMO_CREDENTIALS,
  SimulatorControl,
  startSimulators,
  type SimulatorHost,
} from '../../../../simulators';
import { GetDebtorSyncRunQuery } from '../get-sync-run/get-debtor-sync-run.query';
import type { DebtorSyncRun } from '../ports/debtor-sync-run.repository';
import { RegisterCoverageCommand } from '../register-coverage/register-coverage.command';
import { RunDebtorSyncCommand } from './run-debtor-sync.command';

/** Coverage and sync through the bus, against real Postgres and the clinic simulator. */
describe('register coverage and run a clinic sync through the bus', () => {
  let t: TestApp;
  let host: SimulatorHost;
  let tenantId: string;
  let commands: CommandBus;

  beforeAll(async () => {
    host = await startSimulators(['clinic'], {
      seed: 7,
      settings: { clinic: { clinics: 2, patients: 60, installments: 300 } },
    });
    t = await startTestApp({ env: { ROLE: 'api' } });
    ({ tenantId } = await tenantAdmin(t, 'debtor-slice'));
    commands = t.app.get(CommandBus);
    t.app.get(OutboundUrlPolicy).trust(host.urlOf('clinic'));
    await t.app.get(Tenants).setIntegration(tenantId, 'clinic', { baseUrl: host.urlOf('clinic') });
    await t.app.get(IntegrationSecrets).put(tenantId, 'clinic', { apiKey: CLINIC_DEMO_CREDENTIALS.apiToken });
  });
  afterAll(async () => {
    await t?.close();
    await host?.stop();
  });

  it('covers a clinic by exact name, syncs it initially, then a periodic run writes nothing', async () => {
    const { clinic, run } = await commands.execute(
      new RegisterCoverageCommand(tenantId, { name: 'Oralsin Centro' }),
    );
    expect(clinic).toMatchObject({ name: 'Oralsin Centro', coverage: 'covered' });
    const initial = await eventually(
      async () => {
        const r: DebtorSyncRun = await t.app
          .get(QueryBus)
          .execute(new GetDebtorSyncRunQuery(tenantId, run!.id));
        return r.status !== 'running' && r;
      },
      { timeoutMs: 30_000, description: 'the initial run' },
    );
    expect(initial).toMatchObject({ status: 'completed', kind: 'initial' });
    const entries = await new SimulatorControl(host.controlUrlOf('clinic')).modify<unknown[]>({
      action: 'entries',
      idClinica: Number(clinic.externalId),
    });
    const [{ n }] = (await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM debtor_sync.patients WHERE tenant_id = $1`, [tenantId])) as [
      { n: number },
    ];
    expect(n).toBeLessThanOrEqual(entries.length);

    const periodic = await commands.execute(new RunDebtorSyncCommand(tenantId, clinic.id, 'schedule'));
    expect(periodic).toMatchObject({ status: 'completed', kind: 'periodic', trigger: 'schedule' });
    for (const entity of ['patients', 'contracts', 'installments'] as const)
      expect({ entity, ...periodic.counts[entity] }).toMatchObject({ entity, inserted: 0, updated: 0 });
    expect(periodic.counts.events).toBe(0);

    // Hostile text from the API (NUL, a lone surrogate) is cleaned, not a failed page.
    const control = new SimulatorControl(host.controlUrlOf('clinic'));
    const added = await control.modify<{ idPaciente: number }>({
      action: 'addPatient',
      idClinica: Number(clinic.externalId),
      nomePaciente: 'Bia\u0000 \ud800Souza',
      parcelas: [{ dataVencimento: '2026-12-01', valorParcela: 15000 }],
    });
    const after = await commands.execute(new RunDebtorSyncCommand(tenantId, clinic.id, 'api'));
    expect(after).toMatchObject({ status: 'completed', error: null });
    expect(after.counts.patients).toMatchObject({ inserted: 1, updated: 0 });
    const [stored] = (await t.app
      .get(DataSource)
      .query(`SELECT name FROM debtor_sync.patients WHERE tenant_id = $1 AND id = $2`, [
        tenantId,
        added.idPaciente,
      ])) as Array<{ name: string }>;
    expect(stored?.name).toBe('Bia  \ufffdSouza');
  });
});

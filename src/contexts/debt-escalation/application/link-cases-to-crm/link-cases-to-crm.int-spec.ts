import { ConfigureIntegration } from '../../../../platform/access/integrations/configure-integration';
import { OutboundUrlPolicy } from '../../../../platform/access/outbound/outbound-url-policy';
import {
  PIPEDRIVE_DEMO_CREDENTIALS,
  SimulatorControl,
  startSimulators,
  type PipedriveData,
  type SimulatorHost,
} from '../../../../simulators';
import { startEscalationSlice, type EscalationSlice } from '../escalation-slice.test-helper';
import { LinkCasesToCrmCommand } from './link-cases-to-crm.command';

describe('LinkCasesToCrmCommand (slice, Pipedrive simulator)', () => {
  let s: EscalationSlice;
  let host: SimulatorHost;
  let crm: SimulatorControl;

  beforeAll(async () => {
    host = await startSimulators(['pipedrive'], { seed: 3 });
    crm = new SimulatorControl(host.controlUrlOf('pipedrive'));
    s = await startEscalationSlice('crm-links');
    s.t.app.get(OutboundUrlPolicy).trust(host.urlOf('pipedrive'));
  });
  afterAll(async () => {
    await s?.t.close();
    await host?.stop();
  });

  const configure = async (createDeals: boolean, apiToken: string = PIPEDRIVE_DEMO_CREDENTIALS.apiToken) =>
    s.t.app.get(ConfigureIntegration).execute(s.tenantId, 'pipedrive', {
      settings: {
        baseUrl: host.urlOf('pipedrive'),
        documentFieldKey: (await crm.data<PipedriveData>()).documentFieldKey,
        createDeals,
      },
      secrets: { apiToken },
    });
  const link = (asOf?: Date) => s.commands.execute(new LinkCasesToCrmCommand(s.tenantId, asOf));
  const crmOf = async (contractId: string) =>
    (
      (await s.db.query(
        `SELECT crm_status AS status, crm_deal_id AS "dealId", crm_attempts AS attempts FROM debt_escalation.cases
          WHERE tenant_id = $1 AND contract_key = $2`,
        [s.tenantId, contractId],
      )) as Array<{ status: string; dealId: string | null; attempts: number }>
    )[0];

  it('links the open deal of the person with the CPF, and says so when there is none', async () => {
    await configure(false);
    const person = await crm.modify<{ id: number }>({
      action: 'addPerson',
      name: 'Maria',
      document: '11144477735',
    });
    const deal = await crm.modify<{ id: number }>({ action: 'addDeal', title: 'Fibra', personId: person.id });
    await s.escalate([
      s.debt({ debtId: 'm1', contractId: 'M' }),
      s.debt({
        debtId: 'x1',
        debtorId: 'c-2',
        contractId: 'X',
        debtor: { name: 'Sem CRM', document: '99988877766' },
      }),
    ]);
    expect(await link()).toMatchObject({ linked: 1, notFound: 1, created: 0 });
    expect(await crmOf('M')).toMatchObject({ status: 'linked', dealId: String(deal.id) });
    expect(await crmOf('X')).toMatchObject({ status: 'not_found', dealId: null });
    expect(await link()).toMatchObject({ linked: 0, notFound: 0 });
  });

  it('creates person and deal (with the case marker) when the tenant asks for it', async () => {
    await configure(true);
    await s.escalate([
      s.debt({
        debtId: 'n1',
        debtorId: 'c-3',
        contractId: 'N',
        debtor: { name: 'Nova', document: '12312312387' },
      }),
    ]);
    expect(await link()).toMatchObject({ created: 1 });
    const { dealId } = (await crmOf('N'))!;
    const created = (await crm.data<PipedriveData>()).deals.find((d) => String(d.id) === dealId)!;
    expect(created.title).toContain(`[regua-caso:${await s.caseIdOf('N')}]`);
    expect(created.value).toBe(100);
  });

  it('gives up at once on a refused token (401), without creating anything', async () => {
    await configure(true, 'f'.repeat(40));
    await s.escalate([s.debt({ debtId: 'z1', debtorId: 'c-4', contractId: 'Z' })]);
    const before = (await crm.data<PipedriveData>()).deals.length;
    expect(await link()).toMatchObject({ failed: 1 });
    expect(await crmOf('Z')).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await crm.data<PipedriveData>()).deals).toHaveLength(before);
  });
});

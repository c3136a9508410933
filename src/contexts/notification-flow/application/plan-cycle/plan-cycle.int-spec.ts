import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { addDays, localDate } from '../../../../shared/time/local-date';
import type {
  ContractStatusChangedPayload,
  ReceivableOverduePayload,
  ReceivablePayload,
} from '../../../sync-ixc/contracts';
import { WhenContractStatusChangedCloseContractDebtsPolicy } from '../policies/when-contract-status-changed-close-contract-debts.policy';
import { WhenReceivableOverduePlanCyclePolicy } from '../policies/when-receivable-overdue-plan-cycle.policy';
import { WhenReceivablePaidCloseDebtPolicy } from '../policies/when-receivable-paid-close-debt.policy';
import type { Policy } from '../policies/policy';

/**
 * Planning from sync-ixc's events (slice: the policies dispatch the planning commands through the bus,
 * each in its own transaction as the consumer's would be, on real Postgres).
 */
describe('notification-flow: plan-cycle, close-debt and close-contract-debts from sync-ixc events', () => {
  let t: TestApp;
  let db: DataSource;
  let tenantId: string;
  let today: string;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api', REGUA_MODE: 'demo' } });
    db = t.app.get(DataSource);
    tenantId = (await tenantAdmin(t, 'plan-cycle')).tenantId;
    const [tenant] = (await db.query(`SELECT time_zone FROM access.tenants WHERE id = $1`, [
      tenantId,
    ])) as Array<{
      time_zone: string;
    }>;
    today = localDate(new Date(), tenant!.time_zone);
  });
  afterAll(async () => {
    await t?.close();
  });

  const react = <P>(policy: Policy<P>, payload: P) =>
    db.transaction((tx) => policy.react({ tenantId, payload }, tx));
  const receivable = (daysOverdue: number, contractId: string | null = null): ReceivableOverduePayload => {
    seq += 1;
    return {
      receivableId: `91${seq}`,
      customerId: `92${seq}`,
      contractId,
      dueDate: addDays(today, -daysOverdue),
      amountCents: 12_345,
      openCents: 12_345,
      updatedAt: '2026-11-20 09:00:00',
      daysOverdue,
      customer: {
        name: `CLIENTE ${seq}`,
        document: null,
        email: `plan${seq}@example.com`,
        mobilePhone: null,
        whatsapp: null,
        personType: 'F',
      },
    };
  };
  const statuses = async (customerId: string) =>
    (
      (await db.query(
        `SELECT status, status_reason FROM notification_flow.schedules
          WHERE tenant_id = $1 AND debtor_id = $2 ORDER BY step_index`,
        [tenantId, `ixc:${customerId}`],
      )) as Array<{ status: string; status_reason: string | null }>
    ).map((s) => `${s.status}${s.status_reason ? `:${s.status_reason}` : ''}`);
  const debt = async (receivableId: string) =>
    (
      (await db.query(
        `SELECT status, description FROM notification_flow.debts WHERE tenant_id = $1 AND id = $2`,
        [tenantId, `ixc:${receivableId}`],
      )) as Array<{ status: string; description: string }>
    )[0];

  it('an overdue receivable opens its debt and plans one schedule per step; a repeat plans nothing more', async () => {
    const overdue = t.app.get(WhenReceivableOverduePlanCyclePolicy);
    const r = receivable(10, '55');
    await react(overdue, r);
    expect(await debt(r.receivableId)).toEqual({
      status: 'open',
      description: `Fatura ${r.receivableId} (contrato 55)`,
    });
    const planned = await statuses(r.customerId);
    // D+7 has passed (goes now), D+15 and D+30 ahead; the steps before them were missed
    expect(planned.filter((s) => s === 'planned')).toHaveLength(3);
    expect(planned.filter((s) => s === 'skipped:missed').length).toBeGreaterThan(0);
    await react(overdue, r);
    expect(await statuses(r.customerId)).toEqual(planned);
  });

  it('a receivable without a due date plans nothing', async () => {
    const r = { ...receivable(3), dueDate: null };
    await react(t.app.get(WhenReceivableOverduePlanCyclePolicy), r);
    expect(await debt(r.receivableId)).toBeUndefined();
  });

  it('paid: the debtor’s last open debt closes and every pending schedule is cancelled', async () => {
    const r = receivable(10);
    await react(t.app.get(WhenReceivableOverduePlanCyclePolicy), r);
    const paid: ReceivablePayload = { ...r, openCents: 0, updatedAt: '2026-11-21 10:00:00' };
    await react(t.app.get(WhenReceivablePaidCloseDebtPolicy), paid);
    expect((await debt(r.receivableId))?.status).toBe('paid');
    expect((await statuses(r.customerId)).filter((s) => s.startsWith('planned'))).toEqual([]);
    expect(await statuses(r.customerId)).toContain('cancelled:paid');
  });

  it('a contract cancelled in IXC stops its debts; any other status change is ignored', async () => {
    const policy = t.app.get(WhenContractStatusChangedCloseContractDebtsPolicy);
    const r = receivable(10, '77');
    await react(t.app.get(WhenReceivableOverduePlanCyclePolicy), r);
    const change = (previous: string, current: string): ContractStatusChangedPayload => ({
      contractId: '77',
      customerId: r.customerId,
      previous: { status: previous, internetStatus: 'A' },
      current: { status: current, internetStatus: 'A' },
    });
    await react(policy, change('A', 'B'));
    expect((await debt(r.receivableId))?.status).toBe('open');
    await react(policy, change('A', 'I'));
    expect((await debt(r.receivableId))?.status).toBe('contract_cancelled');
    expect(await statuses(r.customerId)).toContain('cancelled:contract_cancelled');
    expect((await statuses(r.customerId)).filter((s) => s === 'planned')).toEqual([]);
  });

  it('concurrent first plans of a new tenant share one default flow, created once (no deadlock)', async () => {
    const other = (await tenantAdmin(t, 'plan-cycle-race')).tenantId;
    const overdue = t.app.get(WhenReceivableOverduePlanCyclePolicy);
    const payloads = Array.from({ length: 6 }, () => receivable(10));
    await Promise.all(
      payloads.map((payload) => db.transaction((tx) => overdue.react({ tenantId: other, payload }, tx))),
    );
    const defaults = (await db.query(
      `SELECT id, name FROM notification_flow.flows WHERE tenant_id = $1 AND is_default`,
      [other],
    )) as Array<{ id: string; name: string }>;
    expect(defaults).toHaveLength(1);
    expect(defaults[0]!.name).toBe('Padrão');
    const cycles = (await db.query(
      `SELECT DISTINCT cycle_flow_id FROM notification_flow.debtors WHERE tenant_id = $1`,
      [other],
    )) as Array<{ cycle_flow_id: string }>;
    expect(cycles).toEqual([{ cycle_flow_id: defaults[0]!.id }]);
  });
});

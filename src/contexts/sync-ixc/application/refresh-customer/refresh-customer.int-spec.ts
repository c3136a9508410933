import { CommandBus } from '@nestjs/cqrs';
import { EnforcementSlice } from '../../../../../test/support/enforcement-slice';
import { RunSyncCommand } from '../run-sync/run-sync.command';
import { RefreshCustomerCommand } from './refresh-customer.command';

/** Through the bus against real Postgres and the demo IXC: one customer read again, changes announced. */
describe('RefreshCustomerCommand', () => {
  let s: EnforcementSlice;

  beforeAll(async () => {
    s = await EnforcementSlice.start();
  });
  afterAll(() => s?.close());

  it('mirrors the customer’s contracts from IXC at once and publishes their status changes', async () => {
    const contract = (await s.ixc.modify({ action: 'getRow', table: 'cliente_contrato', id: 7 })) as Record<
      string,
      string
    >;
    const customerId = contract.id_cliente!;
    await s.setContract('7', { status: 'A', status_internet: 'CA' });
    await s
      .get(CommandBus)
      .execute(new RunSyncCommand(s.tenantId, 'full', ['cliente', 'cliente_contrato', 'fn_areceber'], 'api'));
    const mirrored = async () =>
      (
        (await s.db.query(`SELECT internet_status FROM sync_ixc.contracts WHERE tenant_id = $1 AND id = 7`, [
          s.tenantId,
        ])) as Array<{ internet_status: string }>
      )[0]?.internet_status;
    expect(await mirrored()).toBe('CA');

    await s.setContract('7', { status_internet: 'A' });
    const refreshed = await s.get(CommandBus).execute(new RefreshCustomerCommand(s.tenantId, customerId));
    expect(refreshed.rows.cliente_contrato).toBeGreaterThan(0);
    expect(refreshed.events).toBeGreaterThan(0);
    expect(await mirrored()).toBe('A');
    const events = (await s.db.query(
      `SELECT payload FROM messaging.outbox WHERE tenant_id = $1 AND routing_key = 'sync_ixc.contract.status_changed.v1'`,
      [s.tenantId],
    )) as Array<{ payload: { contractId: string; current: { internetStatus: string } } }>;
    expect(events.some((e) => e.payload.contractId === '7' && e.payload.current.internetStatus === 'A')).toBe(
      true,
    );
  });

  it('a malformed customer id reads nothing', async () => {
    const refreshed = await s.get(CommandBus).execute(new RefreshCustomerCommand(s.tenantId, '1; DROP'));
    expect(refreshed).toEqual({ rows: {}, events: 0, rejected: 0 });
  });
});

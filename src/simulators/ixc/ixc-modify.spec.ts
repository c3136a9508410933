import { SimulatorControl, SimulatorControlError } from '../host/simulator-control';
import { SimulatorHost } from '../host/simulator-host';
import type { FractionChanges } from './ixc-mutate-fraction';
import { basicAuth, IxcWire, type IxcPage } from './ixc-wire.test-client';
import { ixcSimulator } from './ixc.simulator';

type Row = Record<string, string>;

const SMALL = { customers: 50, contracts: 60, receivables: 600, today: '2025-06-15' };
/** The IXC server's date today: `dd/mm/yyyy` for filters, ISO for responses. */
const serverToday = () =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Sao_Paulo' }).format(new Date());
const isoToday = () => serverToday().split('/').reverse().join('-');

describe('IXC simulator — control API', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let wire: IxcWire;

  const modify = <T = Row>(body: Record<string, unknown>) => control.modify<T>(body);
  const getRow = (table: string, id: number | string) => modify({ action: 'getRow', table, id });
  const rejected = (body: Record<string, unknown>) =>
    expect(modify(body)).rejects.toBeInstanceOf(SimulatorControlError);
  const changedSince = async (table: string) => {
    const page = await wire.page(table, {
      qtype: `${table}.ultima_atualizacao`,
      query: serverToday(),
      oper: '>=',
      rp: '100000',
    });
    return (page.registros ?? []).map((row) => Number(row.id));
  };
  const openReceivable = async () => {
    const page = await wire.page('fn_areceber', {
      qtype: 'fn_areceber.status',
      query: 'A',
      oper: '=',
      rp: '1',
    });
    return page.registros![0];
  };

  beforeAll(async () => {
    host = await SimulatorHost.start([ixcSimulator], { seed: 11, settings: { ixc: SMALL } });
    control = new SimulatorControl(host.controlUrlOf('ixc'));
    wire = new IxcWire(`${host.urlOf('ixc')}/webservice/v1`);
  });
  afterAll(() => host.stop());
  beforeEach(() => control.reset());

  it('markPaid settles a receivable today and bumps ultima_atualizacao; a cancelled one cannot be paid', async () => {
    const open = await openReceivable();
    const paid = await modify({ action: 'markPaid', id: open.id });
    expect(paid).toMatchObject({
      id: open.id,
      status: 'R',
      valor_aberto: '0.00',
      valor_recebido: open.valor,
      pagamento_data: isoToday(),
      tipo_recebimento: 'Pix',
    });
    expect(paid.ultima_atualizacao.slice(0, 10)).toBe(isoToday());
    expect(await getRow('fn_areceber', open.id)).toEqual(paid);

    const cancelled = await modify({ action: 'cancelReceivable', id: 2 });
    expect(cancelled).toMatchObject({ status: 'C', valor_aberto: '0.00', data_cancelamento: isoToday() });
    expect(Number(cancelled.valor_cancelado) + Number(cancelled.valor_recebido)).toBeCloseTo(
      Number(cancelled.valor),
    );
    await rejected({ action: 'markPaid', id: 2 });
    await rejected({ action: 'markPaid', id: 99_999 });
    await rejected({ action: 'markPaid', id: 3, tipo_recebimento: 'Cheque' });
  });

  it('setContractStatus validates the codes and writes the matching date field', async () => {
    const row = await modify({ action: 'setContractStatus', id: 4, status: 'A', status_internet: 'CA' });
    expect(row).toMatchObject({ status: 'A', status_internet: 'CA', dt_ult_bloq_auto: isoToday() });
    expect(await modify({ action: 'setContractStatus', id: '4', status_velocidade: 'R' })).toMatchObject({
      status_velocidade: 'R',
    });
    await rejected({ action: 'setContractStatus', id: 4, status_internet: 'X' });
    await rejected({ action: 'setContractStatus', id: 4 });
    await rejected({ action: 'setContractStatus', id: 0, status: 'A' });
  });

  it('setReceivableDueDate takes ISO or dd/mm/yyyy', async () => {
    expect(
      await modify({ action: 'setReceivableDueDate', id: 5, data_vencimento: '2025-01-31' }),
    ).toMatchObject({
      data_vencimento: '2025-01-31',
    });
    expect(
      await modify({ action: 'setReceivableDueDate', id: 5, data_vencimento: '28/02/2025' }),
    ).toMatchObject({
      data_vencimento: '2025-02-28',
    });
    await rejected({ action: 'setReceivableDueDate', id: 5, data_vencimento: '31/02/2025' });
  });

  it('addReceivable inserts through the wire rules and returns the row as served', async () => {
    const added = await modify({
      action: 'addReceivable',
      fields: { id_cliente: '3', id_contrato: '3', valor: '149.90', data_vencimento: '10/07/2025' },
    });
    expect(added).toMatchObject({
      id: String(SMALL.receivables + 1),
      id_cliente: '3',
      status: 'A',
      liberado: 'S',
      valor: '149.90',
      valor_aberto: '149.90',
      data_vencimento: '2025-07-10',
      data_emissao: isoToday(),
    });
    expect(await changedSince('fn_areceber')).toEqual([SMALL.receivables + 1]);
    await rejected({ action: 'addReceivable', fields: { id_cliente: '3', valor: '10.00' } });
    await rejected({
      action: 'addReceivable',
      fields: { id_cliente: '999', valor: '10.00', data_vencimento: '2025-07-10' },
    });
    await rejected({
      action: 'addReceivable',
      fields: { id_cliente: '3', valor: 'dez', data_vencimento: '2025-07-10' },
    });
  });

  it('touch bumps ultima_atualizacao of the given rows only', async () => {
    expect(await modify({ action: 'touch', table: 'cliente', ids: [7, '9'] })).toEqual({ touched: 2 });
    expect(await changedSince('cliente')).toEqual([7, 9]);
    await rejected({ action: 'touch', table: 'clientes', ids: [1] });
    await rejected({ action: 'touch', table: 'cliente', ids: [1, 1000] });
  });

  it('mutateFraction changes about that share of contracts and receivables, the same rows for the same seed', async () => {
    const result = await modify<FractionChanges>({ action: 'mutateFraction', fraction: 0.1, seed: 42 });
    expect(result.changed).toEqual({ cliente_contrato: 6, fn_areceber: 60 });
    expect(result.receivablesPaid).toBeGreaterThan(0);
    expect(result.contractsStatusChanged).toBeGreaterThan(0);
    const contracts = await changedSince('cliente_contrato');
    const receivables = await changedSince('fn_areceber');
    expect([contracts.length, receivables.length]).toEqual([6, 60]);

    await control.reset();
    expect(await modify<FractionChanges>({ action: 'mutateFraction', fraction: 0.1, seed: 42 })).toEqual(
      result,
    );
    expect(await changedSince('fn_areceber')).toEqual(receivables);
    expect(
      await modify<FractionChanges>({ action: 'mutateFraction', fraction: 0.05, tables: ['cliente'] }),
    ).toMatchObject({
      changed: { cliente: 3 },
    });
    await rejected({ action: 'mutateFraction', fraction: 0 });
    await rejected({ action: 'mutateFraction', fraction: 0.1, tables: ['rad'] });
  });

  it('adds and removes webservice users', async () => {
    await modify({ action: 'addCredential', user: '105', token: 'a'.repeat(64) });
    const other = wire.withAuthorization(basicAuth('105', 'a'.repeat(64)));
    expect((await other.listPost('cliente', {})).status).toBe(200);
    expect(await modify({ action: 'removeCredential', user: '1' })).toEqual({
      credentials: [{ user: '105' }],
    });
    expect((await wire.listPost('cliente', {})).status).toBe(401);
    await rejected({ action: 'addCredential', user: 'admin', token: 'a'.repeat(64) });
    await rejected({ action: 'removeCredential', user: '1' });
  });

  it('refuses unknown actions and malformed input with 400', async () => {
    await expect(modify({ action: 'explode' })).rejects.toMatchObject({ status: 400 });
    await expect(control.modify([])).rejects.toMatchObject({ status: 400 });
    await rejected({ action: 'getRow', table: 'fn_areceber', id: 'abc' });
    await rejected({ action: 'setIpAllowList', ips: ['not-an-ip'] });
    await rejected({ action: 'rejectInOperator', enabled: 'yes' });
  });

  it('reset restores the seeded rows and forgets changes', async () => {
    const before = await wire.page('fn_areceber', { rp: '600' });
    await modify({ action: 'mutateFraction', fraction: 0.5 });
    await control.reset();
    expect(await wire.page('fn_areceber', { rp: '600' })).toEqual<IxcPage>(before);
  });
});

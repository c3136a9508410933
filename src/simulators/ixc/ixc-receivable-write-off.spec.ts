import { SimulatorControl } from '../host/simulator-control';
import { SimulatorHost } from '../host/simulator-host';
import { IXC_HTML_ERROR } from './ixc-errors';
import type { IxcData } from './ixc-state';
import { IxcWire } from './ixc-wire.test-client';
import { ixcSimulator } from './ixc.simulator';

const SMALL = { customers: 20, contracts: 25, receivables: 100, today: '2025-06-15' };

describe('IXC simulator — receivable write-off (fn_areceber_recebimentos_baixas_novo)', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let wire: IxcWire;

  beforeAll(async () => {
    host = await SimulatorHost.start([ixcSimulator], { seed: 5, settings: { ixc: SMALL } });
    control = new SimulatorControl(host.controlUrlOf('ixc'));
    wire = new IxcWire(`${host.urlOf('ixc')}/webservice/v1`);
  });
  afterAll(() => host.stop());
  beforeEach(() => control.reset());

  const writeOff = async (body: unknown) => {
    const answer = await wire.insert('fn_areceber_recebimentos_baixas_novo', body);
    return { status: answer.status, text: answer.text };
  };
  /** A fresh open receivable of contract 3, overdue since `due`, and the contract blocked automatically. */
  const overdue = async (valor: string, due = '2025-05-10') => {
    const [contract] = (
      await wire.page('cliente_contrato', {
        qtype: 'cliente_contrato.id',
        query: '3',
        oper: '=',
      })
    ).registros!;
    // Only the new receivable is overdue for the contract: earlier ones are settled.
    const open = (
      await wire.page('fn_areceber', {
        qtype: 'fn_areceber.id_contrato',
        query: '3',
        oper: '=',
        rp: '1000',
      })
    ).registros!.filter((r) => ['A', 'P'].includes(r.status!));
    for (const r of open) await control.modify({ action: 'markPaid', id: Number(r.id) });
    const row = (await control.modify({
      action: 'addReceivable',
      fields: { id_cliente: contract!.id_cliente, id_contrato: '3', valor, data_vencimento: due },
    })) as Record<string, string>;
    await control.modify({ action: 'setContractStatus', id: 3, status: 'A', status_internet: 'CA' });
    return row.id!;
  };
  const receivable = async (id: string) =>
    (await control.modify({ action: 'getRow', table: 'fn_areceber', id: Number(id) })) as Record<
      string,
      string
    >;
  const contract = async () =>
    (await control.modify({ action: 'getRow', table: 'cliente_contrato', id: 3 })) as Record<string, string>;

  it('records a full payment: received, a receipt id, and the automatically blocked contract released', async () => {
    const id = await overdue('89.90');
    const answer = await writeOff({
      id_receber: id,
      data: '15/06/2025',
      valor_total_recebido: '89.90',
      tipo_recebimento: 'Pix',
      id_conta: '1',
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      type: 'success',
      message: 'Recebimento lançado com sucesso!',
      id: '1',
    });
    expect(await receivable(id)).toMatchObject({
      status: 'R',
      valor_aberto: '0.00',
      valor_recebido: '89.90',
      pagamento_data: '2025-06-15',
      tipo_recebimento: 'Pix',
    });
    expect((await contract()).status_internet).toBe('A');
    expect((await control.data<IxcData>()).receipts).toEqual([
      { id: 1, receivableId: Number(id), cents: 8990, date: '15/06/2025' },
    ]);
  });

  it('a partial payment leaves the receivable P with the rest open, and the contract blocked', async () => {
    const id = await overdue('100.00');
    await writeOff({ id_receber: id, data: '2025-06-15', valor_total_recebido: '40,5' });
    expect(await receivable(id)).toMatchObject({
      status: 'P',
      valor_aberto: '59.50',
      valor_recebido: '40.50',
    });
    expect((await contract()).status_internet).toBe('CA');
  });

  it('answers like IXC: type:error for missing fields, unknown or settled receivables; HTML for bad values', async () => {
    const id = await overdue('10.00');
    const error = async (body: unknown) => JSON.parse((await writeOff(body)).text) as unknown;
    expect(await error({ data: '15/06/2025', valor_total_recebido: '10' })).toEqual({
      type: 'error',
      message: 'O campo id_receber é obrigatório!<br />',
    });
    expect(await error({ id_receber: '999999', data: '15/06/2025', valor_total_recebido: '10' })).toEqual({
      type: 'error',
      message: 'Registro não encontrado!',
    });
    for (const bad of [{ valor_total_recebido: 'dez' }, { data: '31/02/2025' }]) {
      const answer = await writeOff({
        id_receber: id,
        data: '15/06/2025',
        valor_total_recebido: '10',
        ...bad,
      });
      expect(answer.text).toBe(IXC_HTML_ERROR);
    }
    await writeOff({ id_receber: id, data: '15/06/2025', valor_total_recebido: '10.00' });
    expect(await error({ id_receber: id, data: '15/06/2025', valor_total_recebido: '10.00' })).toEqual({
      type: 'error',
      message: 'Este título já está recebido!',
    });
    expect((await control.data<IxcData>()).receipts).toHaveLength(1);
  });
});

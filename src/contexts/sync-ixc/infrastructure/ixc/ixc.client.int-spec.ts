import {
  IXC_DEMO_CREDENTIALS,
  IXC_HTML_ERROR,
  SimulatorControl,
  startSimulators,
  type IxcData,
} from '../../../../simulators';
import type { SimulatorHost } from '../../../../simulators';
import { fetchContractStatuses } from './contract-status-source';
import { gridParam } from './grid-param.builder';
import { IxcClient, type IxcRequestEvent } from './ixc.client';
import {
  classifyIxcResponse,
  IxcAuthError,
  IxcBadRequestError,
  IxcHtmlError,
  IxcIpNotAllowedError,
  IxcResourceUnavailableError,
  IxcRouteNotFoundError,
  IxcTimeoutError,
} from './ixc-errors';
import { toContract, toCustomer, toReceivable } from './ixc-mappers';
import { ixcConnectionSettings, type IxcConnectionInput } from './ixc-settings';
import { untilOnFakeClock, useFakeClock } from '../../../../../test/support/fake-clock';

const SIZES = { customers: 50, contracts: 60, receivables: 400 };

describe('IxcClient against the IXC simulator', () => {
  let host: SimulatorHost;
  let control: SimulatorControl;
  let baseUrl: string;
  let events: IxcRequestEvent[];
  const clients: IxcClient[] = [];

  const client = (overrides: Partial<IxcConnectionInput> = {}) => {
    const created = new IxcClient(
      ixcConnectionSettings({
        baseUrl,
        ...IXC_DEMO_CREDENTIALS,
        requestsPerSecond: 1000,
        concurrency: 8,
        ...overrides,
      }),
      { onRequest: (event) => events.push(event) },
    );
    clients.push(created);
    return created;
  };
  const wireRequests = async () => (await control.requests()).count;

  beforeAll(async () => {
    host = await startSimulators(['ixc'], { settings: { ixc: SIZES } });
    control = new SimulatorControl(host.controlUrlOf('ixc'));
    baseUrl = `${host.urlOf('ixc')}/webservice/v1`;
  });
  afterAll(() => host.stop());
  beforeEach(async () => {
    await control.reset();
    events = [];
  });
  afterEach(async () => {
    jest.useRealTimers();
    await Promise.all(clients.splice(0).map((created) => created.close()));
  });

  it.each(['post', 'get'] as const)('pages until a short page with listMethod %s', async (listMethod) => {
    const pages = [];
    for await (const page of client({ listMethod }).listPages('cliente', { rp: 20 })) pages.push(page);

    expect(pages.map((page) => page.rows.length)).toEqual([20, 20, 10]);
    const ids = pages.flatMap((page) => page.rows.map((row) => Number(row.id)));
    expect(new Set(ids).size).toBe(SIZES.customers);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(await wireRequests()).toBe(3);
  });

  it('stops after an extra empty page when the last page is exactly full', async () => {
    const pages = [];
    for await (const page of client().listPages('cliente', { rp: 25 })) pages.push(page.rows.length);
    // The simulator omits `registros` on an empty page; the client defaults it.
    expect(pages).toEqual([25, 25, 0]);
  });

  it('reads total whether IXC sends it as a number (cliente) or a string (fn_areceber)', async () => {
    const ixc = client();
    const [customers] = await take(ixc.listPages('cliente', { rp: 5 }));
    const [receivables] = await take(ixc.listPages('fn_areceber', { rp: 5 }));
    expect(customers.total).toBe(SIZES.customers);
    expect(receivables.total).toBe(SIZES.receivables);
  });

  it('filters with the primary filter and grid_param together', async () => {
    const ixc = client();
    const [someone] = await ixc.listAll('fn_areceber', {
      rp: 1,
      grid: gridParam().eq('fn_areceber.status', 'A'),
    });
    const open = await ixc.listAll('fn_areceber', {
      qtype: 'fn_areceber.id_cliente',
      query: someone.id_cliente,
      oper: '=',
      grid: gridParam().in('fn_areceber.status', ['A', 'P']).eq('fn_areceber.liberado', 'S'),
      sortname: 'fn_areceber.data_vencimento',
    });
    expect(open.length).toBeGreaterThan(0);
    for (const row of open) {
      expect(row.id_cliente).toBe(someone.id_cliente);
      expect(['A', 'P']).toContain(row.status);
      expect(row.liberado).toBe('S');
    }
    const dueDates = open.map((row) => row.data_vencimento);
    expect(dueDates).toEqual([...dueDates].sort());
  });

  it('answers a bad token with an auth error and does not retry it', async () => {
    const denied = client({ token: 'wrong-token-123', maxRetries: 4 });
    await expect(denied.listAll('cliente')).rejects.toBeInstanceOf(IxcAuthError);
    expect(await wireRequests()).toBe(1);
    expect(events.map((event) => [event.outcome, event.status])).toEqual([['error', 401]]);
  });

  it('answers an unknown table with a permanent business error (HTTP 200) and does not retry it', async () => {
    const error = await client({ maxRetries: 4 })
      .listAll('tabela_que_nao_existe')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IxcResourceUnavailableError);
    expect(error).toMatchObject({ resource: 'tabela_que_nao_existe', status: 200, transient: false });
    expect(await wireRequests()).toBe(1);
  });

  it('reports the IP allow-list refusal as a permanent error', async () => {
    await control.modify({ action: 'setIpAllowList', ips: ['10.0.0.1'] });
    await expect(client().listAll('cliente')).rejects.toBeInstanceOf(IxcIpNotAllowedError);
    expect(await wireRequests()).toBe(1);
  });

  it('recovers from two injected 504s by retrying', async () => {
    await control.setFaults({
      error: {
        status: 504,
        body: '<html><body><h1>504 Gateway Time-out</h1></body></html>',
        contentType: 'text/html',
      },
      times: 2,
    });
    const rows = await client({ maxRetries: 4 }).listAll('cliente', { rp: 100 });
    expect(rows).toHaveLength(SIZES.customers);
    expect(await wireRequests()).toBe(3);
    expect(events.map((event) => [event.outcome, event.status])).toEqual([
      ['retry', 504],
      ['retry', 504],
      ['ok', 200],
    ]);
  });

  it('retries the red HTML error page, then gives up after maxRetries with a transient error', async () => {
    await control.setFaults({
      error: { status: 200, body: IXC_HTML_ERROR, contentType: 'text/html; charset=UTF-8' },
    });
    const error = await client({ maxRetries: 2 })
      .listAll('cliente')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IxcHtmlError);
    expect(error).toMatchObject({
      transient: true,
      status: 200,
      message: 'IXC error page: Ocorreu um erro ao processar. Contate o suporte IXC Soft.',
    });
    expect(await wireRequests()).toBe(3);
    expect(events.map((event) => event.outcome)).toEqual(['retry', 'retry', 'error']);
  });

  it('gets the same HTML error for a malformed request, as a real IXC does', async () => {
    const error = await client({ maxRetries: 0 })
      .listAll('cliente', { grid: gridParam().eq('cliente.campo_inexistente', 'x') })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IxcHtmlError);
  });

  it('times out a hung request within timeoutMs and retries it', async () => {
    await control.setFaults({ timeout: true, times: 1 });
    const rows = await client({ timeoutMs: 300, maxRetries: 2 }).listAll('cliente', { rp: 100 });
    expect(rows).toHaveLength(SIZES.customers);
    expect(events.map((event) => [event.outcome, event.status])).toEqual([
      ['retry', undefined],
      ['ok', 200],
    ]);

    await control.setFaults({ timeout: true });
    await expect(client({ timeoutMs: 200, maxRetries: 1 }).listAll('cliente')).rejects.toBeInstanceOf(
      IxcTimeoutError,
    );
  });

  it('respects requestsPerSecond: 10 requests at 5/s reach the simulator 200 ms apart', async () => {
    useFakeClock();
    const limited = client({ requestsPerSecond: 5, concurrency: 4 });
    const start = Date.now();
    let done = false;
    const calls = Promise.all(
      Array.from({ length: 10 }, () => limited.listAll('cliente', { rp: 100 })),
    ).finally(() => (done = true));
    // The clock moves only once the previous start arrived: a start not held back arrives early.
    for (let started = 1; started < 10; started++) {
      await untilOnFakeClock(async () => (await wireRequests()) >= started, `request ${started} to arrive`);
      jest.advanceTimersByTime(200);
    }
    await untilOnFakeClock(() => done, 'every call to end');
    await calls;
    const arrivals = (await control.requests()).recent.map((request) => Date.parse(request.at) - start);
    expect(arrivals).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800]);
  });

  it('classifies the simulator\'s 404 (GET without "ixcsoft: listar") and 400 (auth not Basic)', async () => {
    const basic = Buffer.from(`${IXC_DEMO_CREDENTIALS.user}:${IXC_DEMO_CREDENTIALS.token}`).toString(
      'base64',
    );
    const withoutHeader = await fetch(`${baseUrl}/cliente`, { headers: { authorization: `Basic ${basic}` } });
    expect(classifyIxcResponse(withoutHeader.status, await withoutHeader.text())).toEqual({
      ok: false,
      error: expect.any(IxcRouteNotFoundError),
    });
    const bearer = await fetch(`${baseUrl}/cliente`, {
      method: 'POST',
      headers: { authorization: `Bearer ${IXC_DEMO_CREDENTIALS.token}`, ixcsoft: 'listar' },
      body: '{}',
    });
    expect(classifyIxcResponse(bearer.status, await bearer.text())).toEqual({
      ok: false,
      error: expect.any(IxcBadRequestError),
    });
  });

  it('drops secrets from every row, and the mappers accept every seeded row', async () => {
    const ixc = client();
    const [customers, contracts, receivables] = await Promise.all([
      ixc.listAll('cliente'),
      ixc.listAll('cliente_contrato'),
      ixc.listAll('fn_areceber'),
    ]);
    expect([customers.length, contracts.length, receivables.length]).toEqual([
      SIZES.customers,
      SIZES.contracts,
      SIZES.receivables,
    ]);
    for (const row of [...customers, ...contracts, ...receivables]) {
      for (const key of Object.keys(row)) expect(key).not.toMatch(/senha|password|token/i);
    }

    const mapped = customers.map(toCustomer);
    expect(
      mapped.every(
        (customer) => customer.mobilePhone === null || /^\+55\d{10,11}$/.test(customer.mobilePhone),
      ),
    ).toBe(true);
    expect(mapped.filter((customer) => customer.mobilePhone !== null).length).toBeGreaterThan(
      SIZES.customers * 0.8,
    );
    expect(mapped.filter((customer) => customer.documentValid).length).toBeGreaterThan(SIZES.customers * 0.8);
    contracts.map(toContract);
    const money = receivables.map(toReceivable);
    expect(
      money.every((receivable) => Number.isInteger(receivable.amountCents) && receivable.amountCents > 0),
    ).toBe(true);
    expect(money.every((receivable) => receivable.dueDate !== null)).toBe(true);
  });

  it('inserts a ticket and presses a contract button', async () => {
    const ixc = client();
    const [contract] = await ixc.listAll('cliente_contrato', {
      rp: 1,
      grid: gridParam().eq('cliente_contrato.status', 'A'),
    });
    const ticket = await ixc.insert('su_ticket', {
      id_cliente: contract.id_cliente,
      id_contrato: contract.id,
      id_assunto: '1',
      titulo: 'Régua: fatura em atraso',
    });
    expect(ticket.id).toMatch(/^\d+$/);

    const result = await ixc.action('cliente_contrato_15300', { id_contrato: contract.id });
    expect(result).toMatchObject({ type: 'success' });
    const statuses = await fetchContractStatuses(ixc, [contract.id]);
    expect(statuses.get(contract.id)?.internetStatus).toBe('CM');
    const byWrites = (await control.data<IxcData>()).requestsByTable;
    expect(byWrites.su_ticket.write).toBe(1);
  });

  describe('fetchContractStatuses', () => {
    const knownIds = async () => (await client().listAll('cliente_contrato')).map((row) => row.id);

    it('reads contracts in IN batches; unknown and non-numeric ids are absent', async () => {
      const ids = await knownIds();
      await control.resetRequests();
      const wanted = [...ids.slice(0, 23), '999999', 'abc', ids[0]];
      const statuses = await fetchContractStatuses(client(), wanted, { batchSize: 10 });

      expect([...statuses.keys()].sort()).toEqual(ids.slice(0, 23).sort());
      expect(statuses.has('999999')).toBe(false);
      expect(statuses.get(ids[0])).toMatchObject({ id: ids[0], status: expect.any(String) });
      // 24 numeric ids in batches of 10, one request each
      expect(await wireRequests()).toBe(3);
    });

    it('falls back to one request per id when the server rejects IN, with the same answer', async () => {
      const ids = await knownIds();
      const wanted = [...ids.slice(0, 12), '999999'];
      const withIn = await fetchContractStatuses(client(), wanted, { batchSize: 5 });

      await control.modify({ action: 'rejectInOperator', enabled: true });
      await control.resetRequests();
      const perId = await fetchContractStatuses(client({ maxRetries: 1 }), wanted, { batchSize: 5 });

      expect(perId).toEqual(withIn);
      expect(perId.size).toBe(12);
      // the first IN attempt and its retry, then 13 single-id requests; later batches skip IN
      expect(await wireRequests()).toBe(2 + 13);
    });

    it('reads batches concurrently after the first, with the same answer and requests', async () => {
      const ids = await knownIds();
      const wanted = [...ids.slice(0, 40), '999999'];
      const oneByOne = await fetchContractStatuses(client(), wanted, { batchSize: 5 });
      await control.resetRequests();
      const concurrent = await fetchContractStatuses(client(), wanted, { batchSize: 5, concurrency: 4 });
      expect(concurrent).toEqual(oneByOne);
      expect(concurrent.size).toBe(40);
      expect(await wireRequests()).toBe(9);

      // A server that rejects IN is found out by the first batch alone: no other batch tries IN.
      await control.modify({ action: 'rejectInOperator', enabled: true });
      await control.resetRequests();
      const perId = await fetchContractStatuses(client({ maxRetries: 1 }), wanted, {
        batchSize: 5,
        concurrency: 4,
      });
      expect(perId).toEqual(oneByOne);
      expect(await wireRequests()).toBe(2 + 41);
      await expect(fetchContractStatuses(client(), wanted, { concurrency: 0 })).rejects.toThrow(
        /concurrency/,
      );
    });
  });
});

async function take<T>(pages: AsyncGenerator<T>): Promise<T[]> {
  const first = await pages.next();
  await pages.return(undefined);
  return first.done ? [] : [first.value];
}

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { IxcWire } from './ixc-wire.test-client';

/** The benchmark's size (issue 4): 50,000 customers, 60,000 contracts, 500,000 receivables. */
const BENCHMARK = { customers: 50_000, contracts: 60_000, receivables: 500_000 };
const ROOT = join(__dirname, '..', '..', '..');
const mb = (bytes: number) => Math.round(bytes / 1e6);

interface Ready {
  url: string;
  generationMs: number;
  rssBeforeStart: number;
  rssReady: number;
}

/**
 * The simulator runs in its own process, as in the benchmark: Jest's VM context makes V8 builtins such
 * as Math.floor an order of magnitude slower, which would measure Jest instead of the simulator. The
 * child reports its start-up figures and, when asked, its peak RSS.
 */
const CHILD = `
const { SimulatorHost } = require(${JSON.stringify(join(__dirname, '..', 'host', 'simulator-host'))});
const { ixcSimulator } = require(${JSON.stringify(join(__dirname, 'ixc.simulator'))});
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const rssBeforeStart = process.memoryUsage().rss;
const started = performance.now();
SimulatorHost.start([ixcSimulator], { settings: { ixc: ${JSON.stringify(BENCHMARK)} } }).then((host) => {
  const generationMs = performance.now() - started;
  process.send({ url: host.urlOf('ixc'), generationMs, rssBeforeStart, rssReady: process.memoryUsage().rss });
  process.on('message', () => process.send({ peakRss: peak }));
  process.on('disconnect', () => { clearInterval(sampler); void host.stop(); });
});
`;

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) => reject(new Error(`simulator process exited with ${code}`)));
  });
}

describe('IXC simulator at benchmark size (own process)', () => {
  let child: ChildProcess;
  let ready: Ready;
  let wire: IxcWire;

  beforeAll(async () => {
    child = spawn(process.execPath, ['-r', 'ts-node/register', '-e', CHILD], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_SWC: 'true' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    ready = await nextMessage<Ready>(child);
    wire = new IxcWire(`${ready.url}/webservice/v1`);
  }, 60_000);
  afterAll(() => child?.disconnect());

  it('generates the data and stays well under 350 MB RSS while serving keyset and sorted pages', async () => {
    const body = (page: number, afterId: string) => ({
      qtype: 'fn_areceber.id',
      query: '',
      oper: '=',
      page: String(page),
      rp: '10000',
      sortname: 'fn_areceber.id',
      sortorder: 'asc',
      grid_param: JSON.stringify([
        { TB: 'fn_areceber.id', OP: '>', P: afterId },
        { TB: 'fn_areceber.ultima_atualizacao', OP: '>=', P: '01/01/2000' },
      ]),
    });
    // What an incremental sync asks: keyset pages (id > last) of 10,000 rows with an ultima_atualizacao >= filter.
    const timings: number[] = [];
    for (const [page, afterId] of [
      [1, '0'],
      [25, '0'],
      [1, '490000'],
      [1, '250000'],
    ] as const) {
      const started = performance.now();
      const answer = await wire.listPost('fn_areceber', body(page, afterId));
      timings.push(Math.round(performance.now() - started));
      expect(
        answer.text.startsWith(`{"page":"${page}","total":"${500_000 - Number(afterId)}","registros":[`),
      ).toBe(true);
    }
    const sorted = performance.now();
    const bySortedDate = await wire.listPost('fn_areceber', {
      rp: '10000',
      page: '2',
      sortname: 'fn_areceber.ultima_atualizacao',
    });
    expect(bySortedDate.text.startsWith('{"page":"2","total":"500000","registros":[')).toBe(true);
    const sortedMs = Math.round(performance.now() - sorted);

    child.send('peak');
    const { peakRss } = await nextMessage<{ peakRss: number }>(child);
    process.stdout.write(
      `ixc simulator ${JSON.stringify(BENCHMARK)}: generated in ${Math.round(ready.generationMs)} ms; ` +
        `RSS ${mb(ready.rssBeforeStart)} MB before, ${mb(ready.rssReady)} MB ready, ${mb(peakRss)} MB peak; ` +
        `10k-row pages ${timings.join(', ')} ms; first page sorted by ultima_atualizacao ${sortedMs} ms\n`,
    );
    // Timings are printed, not asserted: speed is measured by bench/ixc-sync, not by a test.
    expect(peakRss).toBeLessThan(350e6);
  }, 60_000);
});

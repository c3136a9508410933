import { forEachLimited } from '../../../../shared/async/for-each-limited';
import { gridParam } from './grid-param.builder';
import type { IxcClient } from './ixc.client';
import {
  IxcBusinessError,
  IxcHtmlError,
  IxcIpNotAllowedError,
  IxcResourceUnavailableError,
} from './ixc-errors';
import { toContract } from './ixc-mappers';
import type { IxcContract, IxcRaw } from '../../domain/ixc-records';

export interface ContractStatusOptions {
  /** ids per `IN` request; default 50 */
  batchSize?: number;
  /** batches read at once after the first (the client's limiter still bounds the requests); default 1 */
  concurrency?: number;
  signal?: AbortSignal;
}

const CONTRACT_ID = 'cliente_contrato.id';

/**
 * Live contract rows for the GetContractStatuses query, by id. Ids IXC does not know — and ids that are
 * not numeric, which IXC cannot hold — are absent from the map; the caller reports them as unknown.
 * Any failure to read rejects the whole call: a partial answer would look like "not found".
 *
 * Batches use `IN` in grid_param (`{"TB":"cliente_contrato.id","OP":"IN","P":"1,2,3"}`), the form of the
 * official examples, with the documented empty primary filter. Some servers reject `IN` (HTML error page
 * or `{"type":"error"}`); then that batch, and every batch of the same call started after, is read one id
 * at a time with `=` in the primary filter, as many at once as the client's concurrency allows.
 *
 * The first batch is read alone, so a server that rejects `IN` is found out by one request; the others
 * follow `concurrency` at a time.
 */
export async function fetchContractStatuses(
  client: IxcClient,
  ids: readonly string[],
  { batchSize = 50, concurrency = 1, signal }: ContractStatusOptions = {},
): Promise<Map<string, IxcContract>> {
  if (!Number.isSafeInteger(batchSize) || batchSize <= 0)
    throw new Error('batchSize must be a positive integer');
  if (!Number.isSafeInteger(concurrency) || concurrency <= 0)
    throw new Error('concurrency must be a positive integer');
  const wanted = [...new Set(ids.map((id) => id.trim()).filter((id) => /^\d+$/.test(id)))];
  const batches: string[][] = [];
  for (let start = 0; start < wanted.length; start += batchSize) {
    batches.push(wanted.slice(start, start + batchSize));
  }
  const found = new Map<string, IxcContract>();
  let inRejected = false;
  const read = async (batch: string[]): Promise<void> => {
    let rows: IxcRaw[] | undefined;
    if (!inRejected) {
      rows = await byIn(client, batch, signal).catch((error: unknown) => {
        if (!rejectsIn(error)) throw error;
        inRejected = true;
        return undefined;
      });
    }
    rows ??= await byId(client, batch, signal);
    const requested = new Set(batch);
    for (const row of rows) {
      // Only what was asked for: a server that ignored the filter must not add contracts to the answer.
      if (requested.has(row.id)) found.set(row.id, toContract(row));
    }
  };
  if (batches.length === 0) return found;
  await read(batches[0]!);
  await forEachLimited(batches.slice(1), concurrency, read);
  return found;
}

function byIn(client: IxcClient, batch: string[], signal: AbortSignal | undefined): Promise<IxcRaw[]> {
  // rp one above the batch: a batch whose ids all exist fills less than a page, so no second request.
  return client.listAll(
    'cliente_contrato',
    { grid: gridParam().in(CONTRACT_ID, batch), rp: batch.length + 1 },
    { signal },
  );
}

async function byId(client: IxcClient, batch: string[], signal: AbortSignal | undefined): Promise<IxcRaw[]> {
  // All at once: the client's limiter is what spaces them out.
  const pages = await Promise.all(
    batch.map((id) =>
      client.listAll('cliente_contrato', { qtype: CONTRACT_ID, query: id, oper: '=', rp: 2 }, { signal }),
    ),
  );
  return pages.flat();
}

/**
 * The answers that mean "this server does not take IN here". Resource and IP refusals are excluded:
 * they would fail one id at a time just the same.
 */
function rejectsIn(error: unknown): boolean {
  if (error instanceof IxcHtmlError) return true;
  return (
    error instanceof IxcBusinessError &&
    !(error instanceof IxcResourceUnavailableError) &&
    !(error instanceof IxcIpNotAllowedError)
  );
}

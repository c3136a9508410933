import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Outbox } from '../../../../platform/messaging/outbox';
import type { EnforcementMetrics } from '../enforcement-metrics';
import type { EnforcementState } from '../enforcement-state';
import { MagnusLines, type MagnusLine } from '../ports/magnus-lines';
import type { EnforcementActionRecord } from '../runs/enforcement-run';
import type { EnforcementRuns } from '../runs/enforcement-runs.repository';
import { ApplyActions, type ApplyRequest } from './apply-actions';

const TENANT = 'tenant-1';
const tx = {} as EntityManager;

/** Magnus as the port sees it: lines by id, and a log of every call. */
class FakeLines extends MagnusLines {
  readonly lines = new Map<number, MagnusLine>();
  readonly calls: string[] = [];
  failRead: unknown;

  line(id: number, active: number | null): void {
    this.lines.set(id, { id, username: `u${id}`, active, contractRef: String(id), company: '' });
  }

  assertConfigured = () => Promise.resolve();
  all = () => Promise.resolve([...this.lines.values()]);
  byUsernames = () => Promise.resolve([]);
  byContracts = () => Promise.resolve([]);

  getMany(_tenantId: string, ids: readonly number[]): Promise<Map<number, MagnusLine>> {
    this.calls.push(`read ${ids.join(',')}`);
    if (this.failRead) return Promise.reject(this.failRead);
    const found = ids
      .filter((id) => this.lines.has(id))
      .map((id) => [id, { ...this.lines.get(id)! }] as const);
    return Promise.resolve(new Map(found));
  }

  setActive(_tenantId: string, id: number, active: number): Promise<MagnusLine> {
    this.calls.push(`write ${id}=${active}`);
    const line = this.lines.get(id)!;
    line.active = active;
    return Promise.resolve({ ...line });
  }
}

function action(
  id: string,
  magnusUserId: number,
  fromValue: number,
  toValue: number,
): EnforcementActionRecord {
  return {
    id,
    seq: 0,
    runId: 'run-1',
    magnusUserId,
    username: `u${magnusUserId}`,
    company: '',
    contractId: String(magnusUserId),
    action: toValue === 4 ? 'block' : 'unblock',
    from: fromValue === 1 ? 'active' : 'blocked',
    to: toValue === 1 ? 'active' : 'blocked',
    fromValue,
    toValue,
    reason: 'contract_blocked',
    detail: '',
    outcome: 'pending',
    error: null,
    attempts: 0,
    appliedAt: null,
    reportedAt: null,
  };
}

describe('ApplyActions', () => {
  let lines: FakeLines;
  let actions: Map<string, EnforcementActionRecord>;
  let settled: Map<string, { outcome: string; error: string | null }>;
  let apply: ApplyActions;

  beforeEach(() => {
    // Failed writes are logged as warnings; the outcomes are what these specs look at.
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    lines = new FakeLines();
    actions = new Map();
    settled = new Map();
    const runs = {
      action: (_tx: EntityManager, _tenant: string, id: string) => Promise.resolve(actions.get(id)),
      settle: (_tx: EntityManager, a: EnforcementActionRecord, outcome: string, error: string | null) => {
        settled.set(a.id, { outcome, error });
        return Promise.resolve(undefined);
      },
    } as unknown as EnforcementRuns;
    const state = { writesAllowed: () => Promise.resolve('yes') } as unknown as EnforcementState;
    const outbox = { publish: () => Promise.resolve() } as unknown as Outbox;
    const metrics = { actions: { inc: () => undefined } } as unknown as EnforcementMetrics;
    apply = new ApplyActions(lines, runs, state, outbox, metrics);
  });

  afterEach(() => jest.restoreAllMocks());

  const requests = (ids: string[], overrides: Partial<ApplyRequest> = {}): ApplyRequest[] =>
    ids.map((actionId) => ({ tenantId: TENANT, actionId, dryRun: false, lastAttempt: false, ...overrides }));

  it('reads every line of a batch in one call, then writes the ones still as planned', async () => {
    for (const [id, active] of [
      [1, 1],
      [2, 1],
      [3, 4],
      [4, 3],
    ] as const)
      lines.line(id, active);
    actions.set('a1', action('a1', 1, 1, 4)); // as planned → written
    actions.set('a2', action('a2', 2, 1, 4)); // as planned → written
    actions.set('a3', action('a3', 3, 1, 4)); // someone else already blocked it
    actions.set('a4', action('a4', 4, 1, 4)); // changed since planning (3, not 1)
    actions.set('a5', action('a5', 5, 1, 4)); // the user no longer exists

    await apply.applyAll(requests(['a1', 'a2', 'a3', 'a4', 'a5']), tx);

    expect(lines.calls[0]).toBe('read 1,2,3,4,5');
    expect(lines.calls.filter((c) => c.startsWith('read'))).toHaveLength(1);
    expect(lines.calls.slice(1).sort()).toEqual(['write 1=4', 'write 2=4']);
    expect(Object.fromEntries(settled)).toEqual({
      a1: { outcome: 'applied', error: null },
      a2: { outcome: 'applied', error: null },
      a3: { outcome: 'already_applied', error: null },
      a4: {
        outcome: 'skipped',
        error: 'line changed since planning: active is 3, planned from 1',
      },
      a5: { outcome: 'failed', error: 'Magnus user 5 no longer exists' },
    });
  });

  it('does not write again what it wrote itself, and calls that applied (a batch retried one by one)', async () => {
    lines.line(1, 1);
    actions.set('a1', action('a1', 1, 1, 4));
    await apply.applyAll(requests(['a1']), tx);
    actions.get('a1')!.outcome = 'pending';
    await apply.applyAll(requests(['a1']), tx);
    expect(lines.calls.filter((c) => c.startsWith('write'))).toEqual(['write 1=4']);
    expect(settled.get('a1')).toEqual({ outcome: 'applied', error: null });
  });

  it('stops before the write in a dry run', async () => {
    lines.line(1, 1);
    actions.set('a1', action('a1', 1, 1, 4));
    await apply.applyAll(requests(['a1'], { dryRun: true }), tx);
    expect(lines.calls).toEqual(['read 1']);
    expect(settled.get('a1')).toEqual({ outcome: 'dry_run', error: null });
  });

  it('a transient read failure fails the batch for a retry; on the last attempt it fails each action', async () => {
    lines.line(1, 1);
    lines.line(2, 1);
    actions.set('a1', action('a1', 1, 1, 4));
    actions.set('a2', action('a2', 2, 1, 4));
    lines.failRead = Object.assign(new Error('Magnus timed out'), { transient: true });

    await expect(apply.applyAll(requests(['a1', 'a2']), tx)).rejects.toThrow('Magnus timed out');
    expect(settled.size).toBe(0);

    await apply.applyAll(requests(['a1', 'a2'], { lastAttempt: true }), tx);
    expect(settled.get('a1')).toEqual({ outcome: 'failed', error: 'Magnus timed out' });
    expect(settled.get('a2')).toEqual({ outcome: 'failed', error: 'Magnus timed out' });
    expect(lines.calls.filter((c) => c.startsWith('write'))).toEqual([]);
  });

  it('a permanent read failure fails the actions at once', async () => {
    actions.set('a1', action('a1', 1, 1, 4));
    lines.failRead = new Error('invalid API access');
    await apply.applyAll(requests(['a1']), tx);
    expect(settled.get('a1')).toEqual({ outcome: 'failed', error: 'invalid API access' });
  });

  it('leaves settled actions alone and reads nothing for them', async () => {
    lines.line(1, 1);
    actions.set('a1', { ...action('a1', 1, 1, 4), outcome: 'applied' });
    await apply.applyAll(requests(['a1', 'missing']), tx);
    expect(lines.calls).toEqual([]);
    expect(settled.size).toBe(0);
  });
});

import type { EnforcementAction } from './account-state';
import type { PlannedAction } from './enforcement-run';
import { concludePlan, type PlanFacts } from './run-plan';

const LIMITS = { maxShare: 0.1, maxCount: 50, windowMinutes: 60 };

const planned = (magnusUserId: number, action: EnforcementAction): PlannedAction => ({
  id: `a${magnusUserId}`,
  seq: magnusUserId,
  magnusUserId,
  username: `u${magnusUserId}`,
  company: 'c',
  contractId: String(magnusUserId),
  action,
  from: 'active',
  to: action === 'no_change' ? 'active' : 'blocked',
  fromValue: 1,
  toValue: action === 'no_change' ? null : 4,
  reason: action === 'no_change' ? 'in_step' : 'contract_blocked',
  detail: 'test',
  outcome: 'none',
});

const facts = (overrides: Partial<PlanFacts> = {}): PlanFacts => ({
  busy: new Set(),
  refused: new Map(),
  accounts: 100,
  baseAccounts: null,
  recentRestrictions: 0,
  ...overrides,
});

const full = { partial: false, forced: false };
const partial = { partial: true, forced: false };

describe('concludePlan', () => {
  it('queues the changes of a run the breaker lets through', () => {
    const actions = [planned(1, 'block'), planned(2, 'no_change'), planned(3, 'unblock')];
    expect(concludePlan(actions, full, facts(), LIMITS)).toEqual({
      status: 'running',
      heldReason: null,
      pending: 2,
    });
    expect(actions.map((a) => a.outcome)).toEqual(['pending', 'none', 'pending']);
  });

  it('completes at once a run with nothing to change', () => {
    const actions = [planned(1, 'no_change')];
    expect(concludePlan(actions, full, facts(), LIMITS)).toEqual({
      status: 'completed',
      heldReason: null,
      pending: 0,
    });
  });

  it('holds a run over the share, with nothing pending and every change held', () => {
    const actions = Array.from({ length: 11 }, (_, i) => planned(i + 1, 'block'));
    const verdict = concludePlan(actions, full, facts(), LIMITS);
    expect(verdict).toMatchObject({ status: 'held', pending: 0 });
    expect(verdict.heldReason).toContain('11 block/disable actions');
    expect(new Set(actions.map((a) => a.outcome))).toEqual(new Set(['held']));
  });

  it('never holds a forced run', () => {
    const actions = Array.from({ length: 60 }, (_, i) => planned(i + 1, 'block'));
    expect(concludePlan(actions, { partial: false, forced: true }, facts(), LIMITS)).toMatchObject({
      status: 'running',
      pending: 60,
    });
  });

  it('leaves alone a line another run is still changing', () => {
    const actions = [planned(1, 'block'), planned(2, 'block')];
    const verdict = concludePlan(actions, full, facts({ busy: new Set([2]) }), LIMITS);
    expect(verdict.pending).toBe(1);
    expect(actions[1]).toMatchObject({
      action: 'no_change',
      to: 'active',
      toValue: null,
      reason: 'action_in_flight',
      outcome: 'none',
    });
  });

  it.each([
    ['a partial run keeps the refusal', partial, 'no_change'],
    ['a full run decides afresh', full, 'block'],
    ['a forced partial run applies it', { partial: true, forced: true }, 'block'],
  ] as const)('what the held full run refused: %s', (_name, run, expected) => {
    const actions = [planned(1, 'block')];
    concludePlan(
      actions,
      run,
      facts({ refused: new Map([[1, { action: 'block', runId: 'r0' }]]), baseAccounts: 100 }),
      LIMITS,
    );
    expect(actions[0]!.action).toBe(expected);
  });

  it('a refusal of another action does not hold this one back', () => {
    const actions = [planned(1, 'block')];
    concludePlan(actions, partial, facts({ refused: new Map([[1, { action: 'disable', runId: 'r0' }]]) }), {
      ...LIMITS,
      maxShare: 1,
    });
    expect(actions[0]!.action).toBe('block');
  });

  it('weighs a partial run against the whole base, not its few lines', () => {
    const one = () => [planned(1, 'block')];
    expect(concludePlan(one(), partial, facts({ accounts: 1, baseAccounts: 100 }), LIMITS).status).toBe(
      'running',
    );
    expect(concludePlan(one(), partial, facts({ accounts: 1, baseAccounts: null }), LIMITS).status).toBe(
      'held',
    );
  });
});

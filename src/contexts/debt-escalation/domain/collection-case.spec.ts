import { CaseClosedError, InvalidTransitionError } from './debt-escalation.errors';
import { CASE_STATES, CollectionCase, TRANSITIONS, type CaseState } from './collection-case.aggregate';

const at = new Date('2026-12-03T12:00:00Z');
const caseIn = (state: CaseState, assignee: string | null = null) =>
  CollectionCase.restore({ id: 'c-1', state, assignee, openCents: 10_000, version: 1 });

describe('CollectionCase', () => {
  const allowed: Array<[CaseState, CaseState]> = [
    ['open', 'in_negotiation'],
    ['open', 'settled'],
    ['open', 'written_off'],
    ['open', 'returned'],
    ['in_negotiation', 'open'],
    ['in_negotiation', 'agreement'],
    ['in_negotiation', 'settled'],
    ['in_negotiation', 'written_off'],
    ['in_negotiation', 'returned'],
    ['agreement', 'in_negotiation'],
    ['agreement', 'settled'],
    ['agreement', 'written_off'],
    ['agreement', 'returned'],
  ];
  const all = CASE_STATES.flatMap((from) => CASE_STATES.map((to) => [from, to] as [CaseState, CaseState]));

  it.each(allowed)('moves from %s to %s and records who and when', (from, to) => {
    const c = caseIn(from);
    const change = c.transition(to, 'user-1', at, 'nota');
    expect(change).toEqual({ kind: 'transition', from, to, by: 'user-1', at, note: 'nota' });
    expect(c.state).toBe(to);
    expect(c.changes()).toEqual([change]);
  });

  it.each(all.filter(([f, t]) => !allowed.some(([a, b]) => a === f && b === t)))(
    'refuses %s → %s and stays where it was',
    (from, to) => {
      const c = caseIn(from);
      expect(() => c.transition(to, 'user-1', at)).toThrow(InvalidTransitionError);
      expect(c.state).toBe(from);
      expect(c.changes()).toEqual([]);
    },
  );

  it('has no way out of a closed state', () => {
    expect(TRANSITIONS.settled).toEqual([]);
    expect(TRANSITIONS.written_off).toEqual([]);
    expect(TRANSITIONS.returned).toEqual([]);
  });

  it.each([
    ['open', 0, 'settled'],
    ['in_negotiation', 0, 'settled'],
    ['agreement', 0, 'settled'],
    ['open', 1, 'open'],
    ['agreement', 2, 'agreement'],
    ['written_off', 0, 'written_off'],
    ['returned', 0, 'returned'],
    ['settled', 0, 'settled'],
  ] as Array<[CaseState, number, CaseState]>)(
    'a case in %s with %i debts still owed ends in %s',
    (from, openDebts, expected) => {
      const c = caseIn(from);
      const change = c.settleWhenNothingOwed(openDebts, at);
      expect(c.state).toBe(expected);
      expect(change === null).toBe(from === expected);
      if (change) expect(change).toMatchObject({ by: 'system', from, to: 'settled' });
    },
  );

  it.each([['open'], ['in_negotiation'], ['agreement']] as Array<[CaseState]>)(
    'assigns a case in %s (and unassigns it with null)',
    (state) => {
      const c = caseIn(state, 'u-old');
      expect(c.assign('u-2', 'admin', at)).toMatchObject({
        kind: 'assigned',
        assignee: 'u-2',
        from: state,
        to: state,
      });
      expect(c.assignee).toBe('u-2');
      c.assign(null, 'admin', at);
      expect(c.assignee).toBeNull();
    },
  );

  it.each([['settled'], ['written_off'], ['returned']] as Array<[CaseState]>)(
    'refuses to assign a closed case (%s)',
    (state) => {
      expect(() => caseIn(state).assign('u-2', 'admin', at)).toThrow(CaseClosedError);
    },
  );
});

import type { EnforcementAction } from './account-state';
import { evaluateBreaker } from './safety-breaker';

const many = (action: EnforcementAction, n: number): EnforcementAction[] =>
  Array.from({ length: n }, () => action);
const LIMITS = { maxShare: 0.1, maxCount: 50, windowMinutes: 60 };
const verdict = (actions: EnforcementAction[], accounts: number, recentRestrictions = 0) =>
  evaluateBreaker({ actions, accounts, recentRestrictions }, LIMITS);

describe('evaluateBreaker', () => {
  it.each([
    ['10% of 100 accounts', [...many('block', 6), ...many('disable', 4)], 100, false],
    ['11% of 100 accounts', [...many('block', 6), ...many('disable', 5)], 100, true],
    ['unblocks and enables never count', [...many('unblock', 60), ...many('enable', 60)], 100, false],
    ['above the absolute limit', many('block', 51), 10_000, true],
    ['at the absolute limit', many('block', 50), 10_000, false],
    ['no accounts, no actions', [], 0, false],
    ['a restriction while no account is known', many('block', 1), 0, true],
  ])('%s', (_name, actions, accounts, trips) => {
    expect(verdict(actions, accounts).trips).toBe(trips);
  });

  it('counts the restrictions of the window: many small runs cannot add up past the share', () => {
    expect(verdict(many('block', 1), 100, 9).trips).toBe(false);
    expect(verdict(many('block', 1), 100, 10).trips).toBe(true);
    expect(verdict(many('block', 1), 100, 10)).toEqual({
      trips: true,
      reason: expect.stringContaining('with 10 applied in the last 60 min') as string,
    });
  });

  it('never holds a run that restricts nothing, whatever the window holds', () => {
    expect(verdict(many('unblock', 3), 100, 500).trips).toBe(false);
  });

  it('says why it tripped', () => {
    expect(verdict(many('block', 20), 100)).toEqual({
      trips: true,
      reason: expect.stringContaining('20.0% of 100 accounts') as string,
    });
  });
});

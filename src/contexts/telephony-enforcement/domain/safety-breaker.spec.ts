import type { EnforcementAction } from './account-state';
import { evaluateBreaker } from './safety-breaker';

const many = (action: EnforcementAction, n: number): EnforcementAction[] =>
  Array.from({ length: n }, () => action);
const LIMITS = { maxShare: 0.1, maxCount: 50 };

describe('evaluateBreaker', () => {
  it.each([
    ['10% of 100 accounts', [...many('block', 6), ...many('disable', 4)], 100, false],
    ['11% of 100 accounts', [...many('block', 6), ...many('disable', 5)], 100, true],
    ['unblocks and enables never count', [...many('unblock', 60), ...many('enable', 60)], 100, false],
    ['above the absolute limit', many('block', 51), 10_000, true],
    ['at the absolute limit', many('block', 50), 10_000, false],
    ['no accounts, no actions', [], 0, false],
  ])('%s', (_name, actions, accounts, trips) => {
    expect(evaluateBreaker(actions, accounts, 'full', LIMITS).trips).toBe(trips);
  });

  it('a partial run is held only by the absolute limit', () => {
    expect(evaluateBreaker(['block'], 1, 'partial', LIMITS).trips).toBe(false);
    expect(evaluateBreaker(['block'], 1, 'full', LIMITS).trips).toBe(true);
    expect(evaluateBreaker(many('disable', 51), 60, 'partial', LIMITS).trips).toBe(true);
  });

  it('says why it tripped', () => {
    const verdict = evaluateBreaker(many('block', 20), 100, 'full', LIMITS);
    expect(verdict).toEqual({
      trips: true,
      reason: expect.stringContaining('20.0% of 100 accounts') as string,
    });
  });
});

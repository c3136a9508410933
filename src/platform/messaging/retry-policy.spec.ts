import { decideAfterFailure, distinctDelays, parseDelays } from './retry-policy';

const policy = { maxAttempts: 4, delaysMs: [100, 1000] };

describe('retry policy', () => {
  it.each([
    [1, { action: 'retry', nextAttempt: 2, delayMs: 100 }],
    [2, { action: 'retry', nextAttempt: 3, delayMs: 1000 }],
    [3, { action: 'retry', nextAttempt: 4, delayMs: 1000 }],
    [4, { action: 'dead-letter' }],
    [9, { action: 'dead-letter' }],
  ])('after failed attempt %i → %j', (attempt, expected) => {
    expect(decideAfterFailure(policy, attempt)).toEqual(expected);
  });

  it('dead-letters at once when only one attempt is allowed', () => {
    expect(decideAfterFailure({ maxAttempts: 1, delaysMs: [5] }, 1)).toEqual({ action: 'dead-letter' });
  });

  it('lists the distinct delays (one retry queue each)', () => {
    expect(distinctDelays(policy)).toEqual([100, 1000]);
    expect(distinctDelays({ maxAttempts: 2, delaysMs: [100, 1000] })).toEqual([100]);
  });

  it('parses the configured delays', () => {
    expect(parseDelays('1000, 5000,30000')).toEqual([1000, 5000, 30000]);
  });
});

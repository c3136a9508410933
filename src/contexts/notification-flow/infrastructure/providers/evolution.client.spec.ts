import { evolutionConcurrency } from './evolution.client';

describe('Evolution client concurrency', () => {
  it.each([
    [1, 2],
    [5, 2],
    [40, 2],
    [41, 3],
    [200, 10],
    [320, 16],
    [500, 16],
    [10_000, 16],
  ])('paced at %d messages/s → %d sends in flight', (perSecond, expected) => {
    expect(evolutionConcurrency(perSecond)).toBe(expected);
  });
});

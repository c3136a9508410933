import { AHEAD_UNTHROTTLED, queueAhead } from './dispatch-share';

describe('queueAhead: how far ahead of its workers a throttle key is queued', () => {
  it.each([
    [6_000, 200, 200],
    [6_000, 1_000, 400],
    [600, 1_000, 40],
    [30, 1_000, 2],
    [1, 1_000, 1],
    [null, 1_000, AHEAD_UNTHROTTLED],
  ])('%s a minute, a pass every %s ms → %s', (perMinute, intervalMs, ahead) => {
    expect(queueAhead({ perMinute, perDay: null }, intervalMs)).toBe(ahead);
  });
});

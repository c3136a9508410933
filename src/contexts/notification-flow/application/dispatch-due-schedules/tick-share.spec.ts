import { tickShare } from './dispatch-due-schedules.handler';

describe('tickShare: what one dispatch pass may queue of a throttle key', () => {
  it.each([
    [600, 1_000, 40],
    [6_000, 200, 80],
    [60, 1_000, 4],
    [1, 1_000, 1],
    [null, 1_000, Number.MAX_SAFE_INTEGER],
  ])('%s a minute, a pass every %s ms → %s', (perMinute, intervalMs, share) => {
    expect(tickShare(perMinute, intervalMs)).toBe(share);
  });
});

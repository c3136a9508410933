import { eventually } from './eventually';

/**
 * Jest fake timers for `setTimeout`/`clearTimeout` and `Date` only. Sockets, `setImmediate`,
 * `process.nextTick`, intervals and `performance.now` keep real time, so a local HTTP server, an in-process
 * simulator or the database still answer while the code under test waits on a clock the test moves with
 * `jest.advanceTimersByTime`. Node's own `fetch` and `AbortSignal.timeout` use Node's internal timers and
 * are not affected. Pair with `afterEach(() => jest.useRealTimers())`.
 */
export function useFakeClock(): void {
  jest.useFakeTimers({
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
}

/**
 * Polls (on real time, like `eventually`) until `check` holds, running the timers already due on the fake
 * clock at each poll without moving it: libraries such as Bottleneck yield with `setTimeout(0)`.
 */
export function untilOnFakeClock(
  check: () => boolean | Promise<boolean>,
  description: string,
): Promise<true> {
  return eventually(
    () => {
      jest.advanceTimersByTime(0);
      return check();
    },
    { intervalMs: 5, description },
  );
}

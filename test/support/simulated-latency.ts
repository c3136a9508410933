import type { SimulatorControl } from '../../src/simulators';
import { eventually } from './eventually';
import { useFakeClock } from './fake-clock';

/**
 * Sends one wire request to an in-process simulator whose `latencyMs` fault is set, on a fake clock, and
 * shows the answer is held exactly that long: still pending 1 ms before, answered once the clock gets there.
 */
export async function answeredAfterLatency<T>(
  control: SimulatorControl,
  latencyMs: number,
  send: () => Promise<T>,
): Promise<T> {
  useFakeClock();
  try {
    const before = (await control.requests()).count;
    const answer = send();
    const held = async () => {
      const { count, recent } = await control.requests();
      return count === before + 1 && recent.at(-1)?.status === 0;
    };
    await eventually(held, { timeoutMs: 3000, description: 'the request to be admitted and held' });
    jest.advanceTimersByTime(latencyMs - 1);
    if (!(await held())) throw new Error(`answered before its ${latencyMs} ms latency`);
    jest.advanceTimersByTime(1);
    return await answer;
  } finally {
    jest.useRealTimers();
  }
}

import { RepeatingTask } from './repeating-task';

describe('RepeatingTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A pass that stays open until the test ends it. */
  function gatedWork() {
    const passes: Array<() => void> = [];
    const work = () => new Promise<void>((resolve) => passes.push(resolve));
    return { work, passes };
  }

  it('starts the next pass an interval after the previous one ended, never two at once', async () => {
    const { work, passes } = gatedWork();
    const task = new RepeatingTask(work, 1_000, () => undefined);
    task.start();
    await jest.advanceTimersByTimeAsync(999);
    expect(passes).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(passes).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(5_000); // the first pass is still running
    expect(passes).toHaveLength(1);
    passes[0]!();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(passes).toHaveLength(2);
    passes[1]!();
    await task.stop();
  });

  it('reports a failed pass and goes on', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const task = new RepeatingTask(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
      },
      100,
      (error) => errors.push(error),
    );
    task.start();
    await jest.advanceTimersByTimeAsync(250);
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('boom')]);
    await task.stop();
  });

  it('stop() waits for the pass in flight and schedules no other', async () => {
    const { work, passes } = gatedWork();
    const task = new RepeatingTask(work, 100, () => undefined);
    task.start();
    await jest.advanceTimersByTimeAsync(100);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    passes[0]!();
    await stopping;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(passes).toHaveLength(1);
  });
});

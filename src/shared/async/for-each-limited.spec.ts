import { forEachLimited } from './for-each-limited';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('forEachLimited', () => {
  it('calls work for every item, never more than `limit` at a time, starting in order', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      started.push(item);
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
    });
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it('stops starting after a failure and rejects with it once the running calls settled', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const failing = forEachLimited([1, 2, 3, 4, 5, 6], 2, async (item) => {
      started.push(item);
      await tick();
      if (item === 2) throw new Error('two failed');
      await tick();
      finished.push(item);
    });
    await expect(failing).rejects.toThrow('two failed');
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([1]);
  });

  it('does nothing for no items and refuses a limit below 1', async () => {
    const work = jest.fn(() => Promise.resolve());
    await forEachLimited([], 4, work);
    expect(work).not.toHaveBeenCalled();
    await expect(forEachLimited([1], 0, work)).rejects.toThrow(RangeError);
  });
});

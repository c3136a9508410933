import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  afterEach(() => jest.useRealTimers());

  it('loads once for concurrent misses and serves hits until the entry expires', async () => {
    jest.useFakeTimers();
    let loads = 0;
    const cache = new TtlCache<number>(50);
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual([1, 1]);
    jest.advanceTimersByTime(49);
    expect(await cache.get('k', load)).toBe(1);
    jest.advanceTimersByTime(1);
    expect(await cache.get('k', load)).toBe(2);
    expect(await cache.get('k', load)).toBe(2);
  });

  it('forgets a failed load, and drops the oldest entry beyond its bound', async () => {
    const cache = new TtlCache<string>(10_000, 2);
    await expect(cache.get('bad', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('bad', async () => 'recovered')).toBe('recovered');
    await cache.get('b', async () => 'b');
    await cache.get('c', async () => 'c');
    expect(await cache.get('bad', async () => 'reloaded')).toBe('reloaded');
  });
});
